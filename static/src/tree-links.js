// Which links the problem tree allows, and the edge-level edits both views
// make: connect two nodes, move one end of an edge, delete an edge, indent and
// outdent in the outline. The rules match the server's checks (`link_direction`,
// `self_loop`, `no_cycles`): the source causes the target, so
// cause → problem, cause → cause, problem → effect, effect → effect.

import * as Y from "yjs";
import { EDGE_SOURCE, EDGE_TARGET, KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "./document-schema.js";
import { newId } from "./ids.js";
import { LOCAL_ORIGIN, findLinkTargets, getTreeMaps } from "./tree-model.js";

/** Why a link is refused; each has a message `tree.link_error.<reason>`. */
export const LINK_SELF = "self";
export const LINK_KINDS = "kinds";
export const LINK_DUPLICATE = "duplicate";
export const LINK_CYCLE = "cycle";
export const LINK_MISSING = "missing";

/** Ends of an edge, and the handles a drag starts from. */
export const END_SOURCE = "source";
export const END_TARGET = "target";

/** kind of the source → kinds its target may have. */
const ALLOWED = {
  [KIND_CAUSE]: [KIND_PROBLEM, KIND_CAUSE],
  [KIND_PROBLEM]: [KIND_EFFECT],
  [KIND_EFFECT]: [KIND_EFFECT],
};

/**
 * Whether a node of kind `sourceKind` may cause a node of kind `targetKind`.
 * @param {string} sourceKind
 * @param {string} targetKind
 * @returns {boolean}
 */
export const isLinkKindAllowed = (sourceKind, targetKind) => (ALLOWED[sourceKind] || []).includes(targetKind);

/**
 * Checks the edge source → target against the tree, optionally as if the
 * edge `ignoreEdgeId` were not there (moving that edge's end).
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @param {string} sourceId
 * @param {string} targetId
 * @param {{ignoreEdgeId?: string|null}} [options]
 * @returns {string|null} null when allowed, else one of the LINK_* reasons
 */
export const checkLink = (tree, sourceId, targetId, { ignoreEdgeId = null } = {}) => {
  const source = tree.nodes.get(sourceId);
  const target = tree.nodes.get(targetId);
  if (!source || !target) return LINK_MISSING;
  if (sourceId === targetId) return LINK_SELF;
  if (!isLinkKindAllowed(source.kind, target.kind)) return LINK_KINDS;
  const edges = tree.edges.filter((edge) => edge.id !== ignoreEdgeId);
  if (edges.some((edge) => edge.source === sourceId && edge.target === targetId)) return LINK_DUPLICATE;
  // A cycle closes if the source is already reachable from the target.
  const seen = new Set([targetId]);
  const queue = [targetId];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const edge of edges) {
      if (edge.source !== current || seen.has(edge.target)) continue;
      if (edge.target === sourceId) return LINK_CYCLE;
      seen.add(edge.target);
      queue.push(edge.target);
    }
  }
  return null;
};

/**
 * Turns a drag from one node's handle onto another node into an edge.
 * From the `source` handle (the top one: "leads to") the dragged node causes
 * the one it is dropped on; from the `target` handle (the bottom one: "comes
 * from") the dropped-on node causes the dragged one. Between different kinds
 * only one direction is ever valid, so a drag from the wrong handle is read
 * the right way round; between two causes or two effects the handle decides.
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @param {string} fromId the node the drag started on
 * @param {string} toId the node it was dropped on
 * @param {string} handle END_SOURCE or END_TARGET
 * @returns {{source: string, target: string, error: null} | {source: null, target: null, error: string}}
 */
export const resolveLink = (tree, fromId, toId, handle) => {
  const [sourceId, targetId] = handle === END_TARGET ? [toId, fromId] : [fromId, toId];
  const error = checkLink(tree, sourceId, targetId);
  if (!error) return { source: sourceId, target: targetId, error: null };
  const from = tree.nodes.get(fromId);
  const to = tree.nodes.get(toId);
  if (error === LINK_KINDS && from && to && from.kind !== to.kind) {
    const flipped = checkLink(tree, targetId, sourceId);
    if (!flipped) return { source: targetId, target: sourceId, error: null };
    if (flipped !== LINK_KINDS) return { source: null, target: null, error: flipped };
  }
  return { source: null, target: null, error };
};

/**
 * Adds the edge source → target (unchecked: call checkLink first).
 * @param {Y.Doc} doc
 * @param {string} sourceId
 * @param {string} targetId
 * @returns {string} the new edge's id
 */
export const addLink = (doc, sourceId, targetId) => {
  const { edges } = getTreeMaps(doc);
  const id = newId();
  doc.transact(() => {
    const edge = new Y.Map();
    edges.set(id, edge);
    edge.set(EDGE_SOURCE, sourceId);
    edge.set(EDGE_TARGET, targetId);
  }, LOCAL_ORIGIN);
  return id;
};

/**
 * Moves one end of an edge to another node, checking the result.
 * @param {Y.Doc} doc
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @param {string} edgeId
 * @param {string} end END_SOURCE or END_TARGET
 * @param {string} nodeId the node that end now touches
 * @returns {string|null} null when done, else the LINK_* reason it was refused
 */
export const moveLinkEnd = (doc, tree, edgeId, end, nodeId) => {
  const edge = tree.edges.find((candidate) => candidate.id === edgeId);
  if (!edge) return LINK_MISSING;
  const sourceId = end === END_SOURCE ? nodeId : edge.source;
  const targetId = end === END_TARGET ? nodeId : edge.target;
  if (sourceId === edge.source && targetId === edge.target) return null;
  const error = checkLink(tree, sourceId, targetId, { ignoreEdgeId: edgeId });
  if (error) return error;
  const value = getTreeMaps(doc).edges.get(edgeId);
  if (!(value instanceof Y.Map)) return LINK_MISSING;
  doc.transact(() => value.set(end === END_SOURCE ? EDGE_SOURCE : EDGE_TARGET, nodeId), LOCAL_ORIGIN);
  return null;
};

/**
 * Deletes one edge; both nodes stay.
 * @param {Y.Doc} doc
 * @param {string} edgeId
 */
export const deleteLink = (doc, edgeId) => {
  const { edges } = getTreeMaps(doc);
  if (edges.has(edgeId)) doc.transact(() => edges.delete(edgeId), LOCAL_ORIGIN);
};

const findItem = (items, nodeId, parent = null) => {
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    if (item.node.id === nodeId) return { item, siblings: items, index, parent };
    const found = findItem(item.children, nodeId, item);
    if (found) return found;
  }
  return null;
};

/**
 * Where a node of the outline sits: its item, its siblings and its parent item
 * (null for a top-level item of its section).
 * @param {import("./tree-model.js").Outline} outline
 * @param {string} nodeId
 * @returns {{item: import("./tree-model.js").OutlineItem, siblings: import("./tree-model.js").OutlineItem[], index: number, parent: import("./tree-model.js").OutlineItem|null}|null}
 */
export const locateInOutline = (outline, nodeId) =>
  findItem(outline.effects, nodeId) || findItem(outline.causes, nodeId) || findItem(outline.unlinked, nodeId);

const canRelink = (tree, nodeId, targetId) => findLinkTargets(tree, nodeId).some((node) => node.id === targetId);

/**
 * Outline indent: the node hangs from its previous sibling instead.
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @param {import("./tree-model.js").Outline} outline
 * @param {string} nodeId
 * @returns {{targetId: string|null, error: string|null}} the new parent, or why not
 */
export const findIndentTarget = (tree, outline, nodeId) => {
  const place = locateInOutline(outline, nodeId);
  if (!place || place.index === 0) return { targetId: null, error: "no_previous" };
  const targetId = place.siblings[place.index - 1].node.id;
  if (!canRelink(tree, nodeId, targetId)) return { targetId: null, error: LINK_KINDS };
  return { targetId, error: null };
};

/**
 * Outline outdent: the node hangs from its grandparent instead (the central
 * problem for an indirect cause or effect one level down).
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @param {import("./tree-model.js").Outline} outline
 * @param {string} nodeId
 * @returns {{targetId: string|null, error: string|null}}
 */
export const findOutdentTarget = (tree, outline, nodeId) => {
  const place = locateInOutline(outline, nodeId);
  if (!place || !place.parent) return { targetId: null, error: "no_parent" };
  const grandparentId = place.parent.parentId;
  if (!grandparentId || !canRelink(tree, nodeId, grandparentId)) return { targetId: null, error: "no_parent" };
  return { targetId: grandparentId, error: null };
};

/**
 * The kinds of a new node next to or under `node` in the outline, and what it
 * hangs from: a sibling shares the parent, a child hangs from the node (a
 * cause under a cause or under the problem, an effect under an effect).
 * @param {{node: import("./tree-model.js").TreeNode, parentId: string|null}} place
 * @param {"sibling"|"child"} relation
 * @returns {{kind: string, linkTo: string|null}|null} null when there is no such position
 */
export const planNewNode = (place, relation) => {
  const { node, parentId } = place;
  if (relation === "child") {
    if (node.kind === KIND_PROBLEM) return { kind: KIND_CAUSE, linkTo: node.id };
    if (node.kind === KIND_CAUSE || node.kind === KIND_EFFECT) return { kind: node.kind, linkTo: node.id };
    return null;
  }
  if (node.kind === KIND_CAUSE || node.kind === KIND_EFFECT) return { kind: node.kind, linkTo: parentId };
  return null;
};
