// The trail of deleted ideas and what an author is told, read from the
// `tree` Y.Doc: the `deleted` map that deleteNode (tree-model.js) fills when
// someone else's idea goes, its restoration with the links, and the ideas
// of a person that the facilitator merged (`merged_from`).

import * as Y from "yjs";
import {
  DELETED_AT,
  DELETED_BY,
  DELETED_EDGES,
  DELETED_NODE,
  EDGE_SOURCE,
  EDGE_TARGET,
  NODE_CREATED_AT,
  NODE_CREATED_BY,
  NODE_KIND,
  NODE_MERGED_FROM,
  NODE_OBJECTIVE,
  NODE_OUT_OF_SCOPE,
  NODE_TEXT,
} from "./document-schema.js";
import { LOCAL_ORIGIN, getTreeMaps } from "./tree-model.js";

/**
 * @typedef {object} DeletedRecord
 * @property {string} id the deleted node's id
 * @property {string} kind
 * @property {string} text its text when it was deleted
 * @property {string|null} createdBy its author
 * @property {string|null} deletedBy who deleted it
 * @property {number} deletedAt ms since the epoch
 * @property {import("./tree-model.js").TreeEdge[]} edges the links it had
 */

const readEdges = (value) =>
  (Array.isArray(value) ? value : [])
    .filter((edge) => edge && typeof edge.id === "string")
    .filter((edge) => typeof edge[EDGE_SOURCE] === "string" && typeof edge[EDGE_TARGET] === "string")
    .map((edge) => ({ id: edge.id, source: edge[EDGE_SOURCE], target: edge[EDGE_TARGET] }));

/**
 * The trail of deleted ideas, the latest first; malformed entries and
 * entries whose node is back in the tree are left out.
 * @param {Y.Doc} doc
 * @returns {DeletedRecord[]}
 */
export const readDeleted = (doc) => {
  const maps = getTreeMaps(doc);
  const records = [];
  maps.deleted.forEach((value, id) => {
    if (!value || typeof value !== "object" || maps.nodes.has(id)) return;
    const node = value[DELETED_NODE];
    if (!node || typeof node !== "object") return;
    const at = value[DELETED_AT];
    records.push({
      id,
      kind: String(node[NODE_KIND] || ""),
      text: typeof node[NODE_TEXT] === "string" ? node[NODE_TEXT] : "",
      createdBy: typeof node[NODE_CREATED_BY] === "string" ? node[NODE_CREATED_BY] : null,
      deletedBy: typeof value[DELETED_BY] === "string" ? value[DELETED_BY] : null,
      deletedAt: typeof at === "number" && Number.isFinite(at) ? at : 0,
      edges: readEdges(value[DELETED_EDGES]),
    });
  });
  records.sort((a, b) => b.deletedAt - a.deletedAt || (a.id < b.id ? -1 : 1));
  return records;
};

/**
 * Puts a deleted node back with its id, its text, its author and every link
 * whose other end is in the tree (links to nodes deleted later come back
 * when those do), and takes it off the trail.
 * @param {Y.Doc} doc
 * @param {string} nodeId
 * @returns {{restored: boolean, links: number}}
 */
export const restoreNode = (doc, nodeId) => {
  const maps = getTreeMaps(doc);
  const entry = maps.deleted.get(nodeId);
  if (!entry || typeof entry !== "object" || !entry[DELETED_NODE] || maps.nodes.has(nodeId)) {
    return { restored: false, links: 0 };
  }
  let links = 0;
  doc.transact(() => {
    const saved = entry[DELETED_NODE];
    const node = new Y.Map();
    maps.nodes.set(nodeId, node);
    node.set(NODE_KIND, String(saved[NODE_KIND] || ""));
    node.set(NODE_TEXT, new Y.Text(typeof saved[NODE_TEXT] === "string" ? saved[NODE_TEXT] : ""));
    if (typeof saved[NODE_OBJECTIVE] === "string") node.set(NODE_OBJECTIVE, new Y.Text(saved[NODE_OBJECTIVE]));
    for (const key of [NODE_CREATED_BY, NODE_CREATED_AT, NODE_OUT_OF_SCOPE, NODE_MERGED_FROM]) {
      if (saved[key] !== undefined && saved[key] !== null) node.set(key, saved[key]);
    }
    // Its own links, and those of ideas deleted before it that touch it.
    const candidates = [];
    maps.deleted.forEach((value) => {
      if (value && typeof value === "object") candidates.push(...readEdges(value[DELETED_EDGES]));
    });
    for (const edge of candidates) {
      if (edge.source !== nodeId && edge.target !== nodeId) continue;
      if (maps.edges.has(edge.id) || edge.source === edge.target) continue;
      if (!maps.nodes.has(edge.source) || !maps.nodes.has(edge.target)) continue;
      const link = new Y.Map();
      maps.edges.set(edge.id, link);
      link.set(EDGE_SOURCE, edge.source);
      link.set(EDGE_TARGET, edge.target);
      links += 1;
    }
    maps.deleted.delete(nodeId);
  }, LOCAL_ORIGIN);
  return { restored: true, links };
};

/**
 * Ideas of `me` that the facilitator merged into another idea (theirs or
 * someone else's): the merged text and the idea that now carries it.
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @param {string} me
 * @returns {Array<{id: string, text: string, intoId: string}>}
 */
export const findMergedIdeasOf = (tree, me) => {
  const found = [];
  for (const node of tree.nodes.values()) {
    for (const merged of node.mergedFrom) {
      if (merged.createdBy === me) found.push({ id: merged.id, text: merged.text, intoId: node.id });
    }
  }
  return found;
};
