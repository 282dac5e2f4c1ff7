// The problem tree as the outline sees it: reads the `tree` Y.Doc into plain
// objects, arranges them the way the method draws the tree (effects above,
// one central problem, causes below), and makes every change in one transaction.
//
// Edges point from cause to consequence: cause → problem, indirect cause →
// direct cause, problem → effect, direct effect → indirect effect.

import * as Y from "yjs";
import {
  DELETED_AT,
  DELETED_BY,
  DELETED_EDGES,
  DELETED_NODE,
  EDGE_SOURCE,
  EDGE_TARGET,
  KIND_CAUSE,
  KIND_EFFECT,
  KIND_PROBLEM,
  NODE_CREATED_AT,
  NODE_CREATED_BY,
  NODE_KIND,
  NODE_MERGED_FROM,
  NODE_OBJECTIVE,
  NODE_OUT_OF_SCOPE,
  NODE_TEXT,
  TREE_DELETED,
  TREE_EDGES,
  TREE_NODES,
} from "./document-schema.js";
import { newId } from "./ids.js";

/** Transaction origin of this browser's own edits (the provider uses itself). */
export const LOCAL_ORIGIN = "cocrea-local";

/**
 * @typedef {object} TreeNode
 * @property {string} id
 * @property {string} kind "problem" | "cause" | "effect" (anything else is kept as is)
 * @property {Y.Text|null} text
 * @property {Y.Text|null} objective its positive restatement (árbol de objetivos), once someone wrote one
 * @property {string|null} createdBy
 * @property {number|null} createdAt creation time (ms since the epoch), when the author's app wrote it
 * @property {boolean} outOfScope a cause marked as outside the scope of the commitment
 * @property {MergedRecord[]} mergedFrom ideas the facilitator merged into this one (written by the server)
 * @property {[number, number]} order stable position: [clientID, clock] of the node's map
 */

/**
 * @typedef {object} MergedRecord
 * @property {string} id the merged node's id
 * @property {string} text its text when it was merged
 * @property {string|null} createdBy its author
 */

/**
 * @typedef {object} TreeEdge
 * @property {string} id
 * @property {string} source
 * @property {string} target
 */

/**
 * @typedef {object} TreeSnapshot
 * @property {Map<string, TreeNode>} nodes
 * @property {TreeEdge[]} edges
 */

/**
 * @typedef {object} OutlineItem
 * @property {TreeNode} node
 * @property {string|null} parentId the node it hangs from in the outline
 * @property {OutlineItem[]} children
 */

/**
 * @typedef {object} Outline
 * @property {TreeNode[]} problems
 * @property {OutlineItem[]} effects direct effects, indirect ones nested
 * @property {OutlineItem[]} causes direct causes, indirect ones nested
 * @property {OutlineItem[]} unlinked nodes with no path to a central problem
 */

/**
 * The two root maps of a tree document.
 * @param {Y.Doc} doc
 * @returns {{nodes: Y.Map<any>, edges: Y.Map<any>}}
 */
export const getTreeMaps = (doc) => ({
  nodes: doc.getMap(TREE_NODES),
  edges: doc.getMap(TREE_EDGES),
  deleted: doc.getMap(TREE_DELETED),
});

const itemOrder = (ymap) => {
  const item = ymap && ymap._item;
  return item ? [item.id.client, item.id.clock] : [0, 0];
};

/**
 * Orders nodes the same way in every browser and after every reload:
 * by author client, then by creation within that client.
 * @param {TreeNode} a
 * @param {TreeNode} b
 * @returns {number}
 */
export const compareNodes = (a, b) =>
  a.order[0] - b.order[0] || a.order[1] - b.order[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The `merged_from` list of a node, keeping only well-formed entries.
 * @param {unknown} value
 * @returns {MergedRecord[]}
 */
export const readMergedFrom = (value) => {
  if (!Array.isArray(value)) return [];
  const records = [];
  for (const entry of value) {
    if (!entry || typeof entry !== "object" || typeof entry.id !== "string") continue;
    records.push({
      id: entry.id,
      text: typeof entry.text === "string" ? entry.text : "",
      createdBy: typeof entry.created_by === "string" ? entry.created_by : null,
    });
  }
  return records;
};

/**
 * Reads the document into plain objects; ignores entries that do not follow
 * the schema instead of failing on them.
 * @param {Y.Doc} doc
 * @returns {TreeSnapshot}
 */
export const readTree = (doc) => {
  const maps = getTreeMaps(doc);
  /** @type {Map<string, TreeNode>} */
  const nodes = new Map();
  maps.nodes.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const text = value.get(NODE_TEXT);
    const createdBy = value.get(NODE_CREATED_BY);
    const createdAt = value.get(NODE_CREATED_AT);
    const objective = value.get(NODE_OBJECTIVE);
    nodes.set(id, {
      id,
      kind: String(value.get(NODE_KIND) || ""),
      text: text instanceof Y.Text ? text : null,
      objective: objective instanceof Y.Text ? objective : null,
      createdBy: typeof createdBy === "string" ? createdBy : null,
      createdAt: typeof createdAt === "number" && Number.isFinite(createdAt) ? createdAt : null,
      outOfScope: value.get(NODE_OUT_OF_SCOPE) === true,
      mergedFrom: readMergedFrom(value.get(NODE_MERGED_FROM)),
      order: itemOrder(value),
    });
  });
  /** @type {TreeEdge[]} */
  const edges = [];
  maps.edges.forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const source = value.get(EDGE_SOURCE);
    const target = value.get(EDGE_TARGET);
    if (typeof source === "string" && typeof target === "string") edges.push({ id, source, target });
  });
  edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges };
};

/**
 * The node a node hangs from in the outline, or null. A cause hangs from the
 * target of its outgoing edge (a problem or a cause), an effect from the
 * source of its incoming edge (a problem or an effect). Should the document
 * hold several such edges, the one with the smallest id wins, everywhere.
 * @param {TreeSnapshot} tree
 * @param {TreeNode} node
 * @returns {string|null}
 */
export const findParentId = (tree, node) => {
  if (node.kind === KIND_CAUSE) {
    for (const edge of tree.edges) {
      if (edge.source !== node.id || edge.target === node.id) continue;
      const target = tree.nodes.get(edge.target);
      if (target && (target.kind === KIND_PROBLEM || target.kind === KIND_CAUSE)) return target.id;
    }
  } else if (node.kind === KIND_EFFECT) {
    for (const edge of tree.edges) {
      if (edge.target !== node.id || edge.source === node.id) continue;
      const source = tree.nodes.get(edge.source);
      if (source && (source.kind === KIND_PROBLEM || source.kind === KIND_EFFECT)) return source.id;
    }
  }
  return null;
};

/**
 * Arranges the tree as an outline. Every node appears exactly once, cycles
 * included (they end up under "unlinked").
 * @param {TreeSnapshot} tree
 * @returns {Outline}
 */
export const buildOutline = (tree) => {
  const sorted = [...tree.nodes.values()].sort(compareNodes);
  /** @type {Map<string, TreeNode[]>} */
  const childrenOf = new Map();
  /** @type {Map<string, string|null>} */
  const parentOf = new Map();
  for (const node of sorted) {
    const parentId = findParentId(tree, node);
    parentOf.set(node.id, parentId);
    if (parentId === null) continue;
    if (!childrenOf.has(parentId)) childrenOf.set(parentId, []);
    childrenOf.get(parentId).push(node);
  }
  const placed = new Set();
  /** @returns {OutlineItem} */
  const grow = (node, parentId) => {
    placed.add(node.id);
    const children = (childrenOf.get(node.id) || [])
      .filter((child) => !placed.has(child.id) && child.kind !== KIND_PROBLEM)
      .map((child) => grow(child, node.id));
    return { node, parentId, children };
  };
  const problems = sorted.filter((node) => node.kind === KIND_PROBLEM);
  problems.forEach((problem) => placed.add(problem.id));
  const effects = [];
  const causes = [];
  for (const problem of problems) {
    for (const child of childrenOf.get(problem.id) || []) {
      if (placed.has(child.id)) continue;
      if (child.kind === KIND_EFFECT) effects.push(grow(child, problem.id));
      else if (child.kind === KIND_CAUSE) causes.push(grow(child, problem.id));
    }
  }
  const unlinked = [];
  for (const node of sorted) {
    if (!placed.has(node.id) && parentOf.get(node.id) === null) unlinked.push(grow(node, null));
  }
  // Whatever is left sits on a cycle, or hangs from one.
  for (const node of sorted) {
    if (!placed.has(node.id)) unlinked.push(grow(node, null));
  }
  return { problems, effects, causes, unlinked };
};

const reachable = (tree, startId, forward) => {
  const seen = new Set([startId]);
  const queue = [startId];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const edge of tree.edges) {
      const from = forward ? edge.source : edge.target;
      const to = forward ? edge.target : edge.source;
      if (from === current && !seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
};

/**
 * Nodes that a cause or an effect may be linked to without creating a cycle:
 * for a cause, the problems and the causes it does not already lead from;
 * for an effect, the problems and the effects that do not already come from it.
 * @param {TreeSnapshot} tree
 * @param {string} nodeId
 * @returns {TreeNode[]}
 */
export const findLinkTargets = (tree, nodeId) => {
  const node = tree.nodes.get(nodeId);
  if (!node || (node.kind !== KIND_CAUSE && node.kind !== KIND_EFFECT)) return [];
  // A cause must not point at anything that already leads to it; an effect
  // must not hang from anything that already comes from it.
  const excluded = reachable(tree, nodeId, node.kind !== KIND_CAUSE);
  return [...tree.nodes.values()]
    .filter((other) => !excluded.has(other.id))
    .filter((other) => other.kind === KIND_PROBLEM || other.kind === node.kind)
    .sort((a, b) => (a.kind === b.kind ? compareNodes(a, b) : a.kind === KIND_PROBLEM ? -1 : 1));
};

const setEdge = (edges, source, target) => {
  const edge = new Y.Map();
  edges.set(newId(), edge);
  edge.set(EDGE_SOURCE, source);
  edge.set(EDGE_TARGET, target);
};

/**
 * Adds a node, linked in the same transaction. `linkTo` is the node it hangs
 * from: the consequence a cause leads to, or the cause of an effect.
 * @param {Y.Doc} doc
 * @param {{kind: string, createdBy: string|null, linkTo?: string|null, text?: string}} spec
 * @returns {string} the new node's id
 */
export const addNode = (doc, { kind, createdBy, linkTo = null, text = "" }) => {
  const id = newId();
  const maps = getTreeMaps(doc);
  doc.transact(() => {
    const node = new Y.Map();
    maps.nodes.set(id, node);
    node.set(NODE_KIND, kind);
    node.set(NODE_TEXT, new Y.Text(text));
    if (createdBy) node.set(NODE_CREATED_BY, createdBy);
    node.set(NODE_CREATED_AT, Date.now());
    if (linkTo) {
      if (kind === KIND_EFFECT) setEdge(maps.edges, linkTo, id);
      else setEdge(maps.edges, id, linkTo);
    }
  }, LOCAL_ORIGIN);
  return id;
};

/**
 * Whether deleting a node goes on the trail: it is someone else's (or
 * nobody's, e.g. imported), so its author and the mesa may want it back.
 * @param {{createdBy: string|null}} node
 * @param {string|null} me the person deleting
 * @returns {boolean}
 */
export const isOthersNode = (node, me) => Boolean(node) && node.createdBy !== me;

const plainNode = (value) => {
  const record = { [NODE_KIND]: String(value.get(NODE_KIND) || "") };
  const text = value.get(NODE_TEXT);
  record[NODE_TEXT] = text instanceof Y.Text ? text.toString() : "";
  const objective = value.get(NODE_OBJECTIVE);
  if (objective instanceof Y.Text && objective.length > 0) record[NODE_OBJECTIVE] = objective.toString();
  for (const key of [NODE_CREATED_BY, NODE_CREATED_AT, NODE_OUT_OF_SCOPE, NODE_MERGED_FROM]) {
    const field = value.get(key);
    if (field !== undefined && field !== null) record[key] = field;
  }
  return record;
};

/**
 * Deletes a node and every edge that touches it; what hung from it becomes
 * unlinked. When `deletedBy` is given and the node is someone else's, the
 * node and its links go on the trail (`deleted`), in the same transaction,
 * for anyone to restore.
 * @param {Y.Doc} doc
 * @param {string} nodeId
 * @param {{deletedBy?: string|null}} [options]
 */
export const deleteNode = (doc, nodeId, { deletedBy = null } = {}) => {
  const maps = getTreeMaps(doc);
  doc.transact(() => {
    const doomed = [];
    const links = [];
    maps.edges.forEach((value, id) => {
      if (!(value instanceof Y.Map)) return;
      const source = value.get(EDGE_SOURCE);
      const target = value.get(EDGE_TARGET);
      if (source === nodeId || target === nodeId) {
        doomed.push(id);
        if (typeof source === "string" && typeof target === "string")
          links.push({ id, [EDGE_SOURCE]: source, [EDGE_TARGET]: target });
      }
    });
    const node = maps.nodes.get(nodeId);
    if (deletedBy && node instanceof Y.Map) {
      const createdBy = node.get(NODE_CREATED_BY);
      if (isOthersNode({ createdBy: typeof createdBy === "string" ? createdBy : null }, deletedBy)) {
        maps.deleted.set(nodeId, {
          [DELETED_NODE]: plainNode(node),
          [DELETED_EDGES]: links,
          [DELETED_BY]: deletedBy,
          [DELETED_AT]: Date.now(),
        });
      }
    }
    doomed.forEach((id) => maps.edges.delete(id));
    maps.nodes.delete(nodeId);
  }, LOCAL_ORIGIN);
};

/**
 * Re-links a cause (replaces its outgoing edges) or an effect (replaces its
 * incoming edges). `targetId` null leaves the node unlinked.
 * @param {Y.Doc} doc
 * @param {string} nodeId
 * @param {string|null} targetId
 */
export const linkNode = (doc, nodeId, targetId) => {
  const maps = getTreeMaps(doc);
  const node = maps.nodes.get(nodeId);
  if (!(node instanceof Y.Map)) return;
  const isEffect = node.get(NODE_KIND) === KIND_EFFECT;
  doc.transact(() => {
    const doomed = [];
    maps.edges.forEach((value, id) => {
      if (!(value instanceof Y.Map)) return;
      const end = isEffect ? value.get(EDGE_TARGET) : value.get(EDGE_SOURCE);
      if (end === nodeId) doomed.push(id);
    });
    doomed.forEach((id) => maps.edges.delete(id));
    if (targetId) {
      if (isEffect) setEdge(maps.edges, targetId, nodeId);
      else setEdge(maps.edges, nodeId, targetId);
    }
  }, LOCAL_ORIGIN);
};

/**
 * Replaces a Y.Text's content with a field's new value as one splice.
 * @param {Y.Text} ytext
 * @param {{index: number, deleteCount: number, insert: string}} change
 */
export const spliceText = (ytext, { index, deleteCount, insert }) => {
  if (deleteCount === 0 && insert === "") return;
  const run = () => {
    if (deleteCount > 0) ytext.delete(index, deleteCount);
    if (insert) ytext.insert(index, insert);
  };
  if (ytext.doc) ytext.doc.transact(run, LOCAL_ORIGIN);
  else run();
};
