// How a node is named on screen: its kind and level ("Causa indirecta"), and
// a short one-line form of its text for labels and messages. Shared by the
// outline and the graph so both say the same thing.

import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "./document-schema.js";

const SHORT_TEXT_MAX = 70;

/**
 * One line, at most SHORT_TEXT_MAX characters.
 * @param {string} text
 * @returns {string}
 */
export const shorten = (text) => {
  const clean = (text || "").replace(/\s+/g, " ").trim();
  return clean.length > SHORT_TEXT_MAX ? `${clean.slice(0, SHORT_TEXT_MAX - 1)}…` : clean;
};

/**
 * Message key of a node's kind at a depth of the outline.
 * @param {string} kind
 * @param {number} depth 0 for a direct cause or effect
 * @param {boolean} linked whether the node is part of the tree (not "unlinked")
 * @returns {string}
 */
export const kindLabelKey = (kind, depth, linked) => {
  if (kind === KIND_PROBLEM) return "tree.kind.problem";
  const base = kind === KIND_EFFECT ? "effect" : kind === KIND_CAUSE ? "cause" : "other";
  if (base === "other") return "tree.kind.other";
  if (!linked) return `tree.kind.${base}`;
  return depth === 0 ? `tree.kind.${base}_direct` : `tree.kind.${base}_indirect`;
};

/**
 * The kind label key of every node of an outline.
 * @param {import("./tree-model.js").Outline} outline
 * @returns {Map<string, string>}
 */
export const kindLabelKeys = (outline) => {
  const keys = new Map();
  const walk = (items, depth, linked) => {
    for (const item of items) {
      keys.set(item.node.id, kindLabelKey(item.node.kind, depth, linked));
      walk(item.children, depth + 1, linked);
    }
  };
  outline.problems.forEach((node) => keys.set(node.id, kindLabelKey(node.kind, 0, true)));
  walk(outline.effects, 0, true);
  walk(outline.causes, 0, true);
  walk(outline.unlinked, 0, false);
  return keys;
};

/**
 * The current text of a node, or "" when it has none.
 * @param {import("./tree-model.js").TreeNode|undefined|null} node
 * @returns {string}
 */
export const textOf = (node) => (node && node.text ? node.text.toString() : "");
