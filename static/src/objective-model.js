// The objective tree (árbol de objetivos) as the browser sees it: the problem
// tree restated in positive terms, drawn the way the method draws it (fines
// on top, the objetivo central, medios below), and the edits it makes: an
// objective text (a Y.Text under `objective`, created when first written) and
// the out-of-scope mark of a cause (a given, *supuesto*, which yields no means).

import * as Y from "yjs";
import { KIND_CAUSE, NODE_KIND, NODE_OBJECTIVE, NODE_OUT_OF_SCOPE } from "./document-schema.js";
import { LOCAL_ORIGIN, buildOutline, getTreeMaps } from "./tree-model.js";

/** Roles the tree API gives each node (`objective_role`). */
export const ROLE_END = "end";
export const ROLE_OBJECTIVE = "objective";
export const ROLE_MEANS = "means";

/**
 * @typedef {object} ObjectiveRow
 * @property {import("./tree-model.js").TreeNode} node
 * @property {string} role ROLE_END, ROLE_OBJECTIVE or ROLE_MEANS
 * @property {number} depth 0 for a direct end or means (and the objective)
 * @property {boolean} outOfScope a cause marked as a given: no means comes from it
 */

/**
 * @typedef {object} ObjectiveTree
 * @property {ObjectiveRow[]} ends top to bottom: indirect ends above the direct ones they come from
 * @property {ObjectiveRow[]} objectives the central objective (several when the tree has several problems)
 * @property {ObjectiveRow[]} means top to bottom: each direct means, then the indirect ones under it
 * @property {ObjectiveRow[]} seeds means that are in scope: the seeds of the alternatives
 * @property {ObjectiveRow[]} givens causes out of scope
 * @property {number} unlinked ideas not linked to the tree, which yield nothing yet
 */

const flatten = (items, role, depth = 0, rows = []) => {
  for (const item of items) {
    rows.push({ node: item.node, role, depth, outOfScope: role === ROLE_MEANS && item.node.outOfScope });
    flatten(item.children, role, depth + 1, rows);
  }
  return rows;
};

/**
 * Arranges a problem tree as its objective tree.
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @returns {ObjectiveTree}
 */
export const buildObjectiveTree = (tree) => {
  const outline = buildOutline(tree);
  // The outline lists a direct effect before its indirect ones; the method
  // draws indirect ends above, so the list is read bottom up.
  const ends = flatten(outline.effects, ROLE_END).reverse();
  const objectives = outline.problems.map((node) => ({ node, role: ROLE_OBJECTIVE, depth: 0, outOfScope: false }));
  const means = flatten(outline.causes, ROLE_MEANS);
  return {
    ends,
    objectives,
    means,
    seeds: means.filter((row) => !row.outOfScope),
    givens: means.filter((row) => row.outOfScope),
    unlinked: flatten(outline.unlinked, "").length,
  };
};

/**
 * The current objective text of a node, or "".
 * @param {import("./tree-model.js").TreeNode|null|undefined} node
 * @returns {string}
 */
export const objectiveOf = (node) => (node && node.objective ? node.objective.toString() : "");

/**
 * Whether a node still has no objective worth keeping (none, or only spaces).
 * @param {import("./tree-model.js").TreeNode} node
 * @returns {boolean}
 */
export const hasNoObjective = (node) => objectiveOf(node).trim() === "";

/**
 * Writes `text` as a node's objective when it has none yet (no `Y.Text`, or
 * one with only spaces): creates the `Y.Text` if missing, all in one
 * transaction. Never overwrites an objective someone already wrote.
 * @param {Y.Doc} doc
 * @param {string} nodeId
 * @param {string} text
 * @returns {boolean} whether it wrote
 */
export const writeObjective = (doc, nodeId, text) => {
  const node = getTreeMaps(doc).nodes.get(nodeId);
  if (!(node instanceof Y.Map) || !text) return false;
  let wrote = false;
  doc.transact(() => {
    const current = node.get(NODE_OBJECTIVE);
    if (current instanceof Y.Text) {
      if (current.toString().trim() !== "") return;
      if (current.length > 0) current.delete(0, current.length);
      current.insert(0, text);
    } else {
      node.set(NODE_OBJECTIVE, new Y.Text(text));
    }
    wrote = true;
  }, LOCAL_ORIGIN);
  return wrote;
};

/**
 * Marks a cause as out of scope (a given) or back in scope. Other kinds are
 * left alone: only a cause can be a given.
 * @param {Y.Doc} doc
 * @param {string} nodeId
 * @param {boolean} outOfScope
 */
export const setOutOfScope = (doc, nodeId, outOfScope) => {
  const node = getTreeMaps(doc).nodes.get(nodeId);
  if (!(node instanceof Y.Map) || node.get(NODE_KIND) !== KIND_CAUSE) return;
  doc.transact(() => {
    // Absent means in scope: the key is only kept while it is true.
    if (outOfScope) node.set(NODE_OUT_OF_SCOPE, true);
    else if (node.has(NODE_OUT_OF_SCOPE)) node.delete(NODE_OUT_OF_SCOPE);
  }, LOCAL_ORIGIN);
};
