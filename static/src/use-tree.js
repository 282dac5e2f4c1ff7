// Preact hook over the tree document: a fresh snapshot whenever the nodes or
// edges change, and (for views whose layout depends on the words) whenever a
// text changes, batched to one per animation frame.

import { useEffect, useRef, useState } from "preact/hooks";
import * as Y from "yjs";
import { getTreeMaps, readTree } from "./tree-model.js";

/** The document's state vector as a string: equal strings, equal contents. */
const versionOf = (doc) => Y.encodeStateVector(doc).join(",");

/**
 * @param {Y.Doc} doc
 * @param {{withText?: boolean}} [options] withText: also re-read when only a text changed
 * @returns {import("./tree-model.js").TreeSnapshot}
 */
export const useTree = (doc, { withText = false } = {}) => {
  // What the first render read, so that mounting does not read (and lay out) twice.
  const first = useRef(null);
  const [tree, setTree] = useState(() => {
    first.current = { doc, version: versionOf(doc) };
    return readTree(doc);
  });
  useEffect(() => {
    const unchanged = first.current && first.current.doc === doc && first.current.version === versionOf(doc);
    first.current = null;
    if (!unchanged) setTree(readTree(doc));
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
