// Undo and redo per person: a Y.UndoManager over the tree's `nodes` and
// `edges` maps that tracks only this browser's own transactions
// (LOCAL_ORIGIN), so undoing never reverts what someone else did.

import * as Y from "yjs";
import { LOCAL_ORIGIN, getTreeMaps } from "./tree-model.js";

/** Edits closer together than this undo as one step (typing a word). */
export const UNDO_CAPTURE_MS = 600;

/**
 * Creates the undo manager of one tree document.
 * @param {Y.Doc} doc
 * @returns {Y.UndoManager}
 */
export const createTreeUndo = (doc) => {
  // The trail too: undoing a deletion also takes it off the trail.
  const { nodes, edges, deleted } = getTreeMaps(doc);
  return new Y.UndoManager([nodes, edges, deleted], {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    captureTimeout: UNDO_CAPTURE_MS,
  });
};

/**
 * Which undo/redo key a keydown is: Ctrl/Cmd+Z undoes; Ctrl/Cmd+Shift+Z and
 * Ctrl+Y redo.
 * @param {{key: string, ctrlKey: boolean, metaKey: boolean, shiftKey: boolean, altKey: boolean}} event
 * @returns {"undo"|"redo"|null}
 */
export const undoKeyOf = (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y" && !event.shiftKey) return "redo";
  return null;
};
