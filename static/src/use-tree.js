// Preact hook over the tree document: a fresh snapshot whenever the nodes or
// edges change, and (for views whose layout depends on the words) whenever a
// text changes, batched to one per animation frame.

import { useEffect, useState } from "preact/hooks";
import * as Y from "yjs";
import { getTreeMaps, readTree } from "./tree-model.js";

/**
 * @param {Y.Doc} doc
 * @param {{withText?: boolean}} [options] withText: also re-read when only a text changed
 * @returns {import("./tree-model.js").TreeSnapshot}
 */
export const useTree = (doc, { withText = false } = {}) => {
  const [tree, setTree] = useState(() => readTree(doc));
  useEffect(() => {
    setTree(readTree(doc));
    const { nodes, edges } = getTreeMaps(doc);
    let frame = 0;
    const later = () => {
      if (frame) return;
      const schedule = typeof requestAnimationFrame === "function" ? requestAnimationFrame : (fn) => setTimeout(fn, 16);
      frame = schedule(() => {
        frame = 0;
        setTree(readTree(doc));
      });
    };
    const handler = (events) => {
      // A text field renders its own typing; only the layout may care.
      if (events.every((event) => event.target instanceof Y.Text)) {
        if (withText) later();
        return;
      }
      setTree(readTree(doc));
    };
    nodes.observeDeep(handler);
    edges.observeDeep(handler);
    return () => {
      nodes.unobserveDeep(handler);
      edges.unobserveDeep(handler);
      if (frame && typeof cancelAnimationFrame === "function") cancelAnimationFrame(frame);
      frame = 0;
    };
  }, [doc, withText]);
  return tree;
};
