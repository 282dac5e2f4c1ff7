import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_PROBLEM, TREE_DELETED } from "../src/document-schema.js";
import { formatMexicoTime } from "../src/i18n.js";
import { addNode, deleteNode, isOthersNode, readTree } from "../src/tree-model.js";
import { findMergedIdeasOf, readDeleted, restoreNode } from "../src/tree-trail-model.js";
import { createTreeUndo } from "../src/tree-undo.js";

const sample = () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "ana", text: "Desarticulación" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "beto", linkTo: problem, text: "Falta de consensos" });
  const indirect = addNode(doc, { kind: KIND_CAUSE, createdBy: "ana", linkTo: cause, text: "Poca difusión" });
  return { doc, problem, cause, indirect };
};

const pairs = (doc) =>
  readTree(doc)
    .edges.map((edge) => `${edge.source}>${edge.target}`)
    .sort();

test("deleting someone else's node puts it and its links on the trail", () => {
  const { doc, problem, cause, indirect } = sample();
  deleteNode(doc, cause, { deletedBy: "ana" });
  assert.equal(readTree(doc).nodes.has(cause), false);
  const [record] = readDeleted(doc);
  assert.equal(record.id, cause);
  assert.equal(record.text, "Falta de consensos");
  assert.equal(record.createdBy, "beto");
  assert.equal(record.deletedBy, "ana");
  assert.deepEqual(record.edges.map((e) => `${e.source}>${e.target}`).sort(), [`${cause}>${problem}`, `${indirect}>${cause}`].sort());
});

test("deleting one's own node leaves no trail", () => {
  const { doc, indirect } = sample();
  deleteNode(doc, indirect, { deletedBy: "ana" });
  assert.deepEqual(readDeleted(doc), []);
  assert.equal(isOthersNode({ createdBy: "ana" }, "ana"), false);
  assert.equal(isOthersNode({ createdBy: null }, "ana"), true);
});

test("anyone restores a deleted node with its id, author and links", () => {
  const { doc, problem, cause, indirect } = sample();
  const before = pairs(doc);
  deleteNode(doc, cause, { deletedBy: "ana" });
  // Beto's browser restores it: a second replica of the document.
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  const result = restoreNode(other, cause);
  assert.deepEqual(result, { restored: true, links: 2 });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
  const node = readTree(doc).nodes.get(cause);
  assert.equal(node.text.toString(), "Falta de consensos");
  assert.equal(node.createdBy, "beto");
  assert.deepEqual(pairs(doc), before);
  assert.deepEqual(readDeleted(doc), []);
  assert.deepEqual(restoreNode(doc, cause), { restored: false, links: 0 });
  assert.ok(problem && indirect);
});

test("links to a node deleted before come back when both ends are back", () => {
  const { doc, problem, cause, indirect } = sample();
  const before = pairs(doc);
  deleteNode(doc, cause, { deletedBy: "carla" });
  deleteNode(doc, indirect, { deletedBy: "carla" });
  assert.deepEqual(readTree(doc).edges, []);
  restoreNode(doc, indirect);
  assert.deepEqual(pairs(doc), []);
  restoreNode(doc, cause);
  assert.deepEqual(pairs(doc), before);
  assert.ok(problem);
});

test("undoing a deletion also takes it off the trail", () => {
  const { doc, cause } = sample();
  const undo = createTreeUndo(doc);
  deleteNode(doc, cause, { deletedBy: "ana" });
  assert.equal(readDeleted(doc).length, 1);
  undo.undo();
  assert.equal(readTree(doc).nodes.has(cause), true);
  assert.deepEqual(readDeleted(doc), []);
});

test("malformed trail entries are ignored", () => {
  const { doc } = sample();
  doc.getMap(TREE_DELETED).set("x", "nonsense");
  doc.getMap(TREE_DELETED).set("y", { node: null });
  assert.deepEqual(readDeleted(doc), []);
  assert.deepEqual(restoreNode(doc, "x"), { restored: false, links: 0 });
});

test("an author learns which of their ideas were merged, into whatever idea", () => {
  const tree = {
    nodes: new Map([
      ["k", { id: "k", createdBy: "ana", mergedFrom: [{ id: "m", text: "Mi idea", createdBy: "beto" }] }],
      ["o", { id: "o", createdBy: "beto", mergedFrom: [{ id: "n", text: "Otra mía", createdBy: "beto" }] }],
    ]),
    edges: [],
  };
  assert.deepEqual(findMergedIdeasOf(tree, "beto"), [
    { id: "m", text: "Mi idea", intoId: "k" },
    { id: "n", text: "Otra mía", intoId: "o" },
  ]);
  assert.deepEqual(findMergedIdeasOf(tree, "ana"), []);
});

test("every time is central Mexico's on a 24-hour clock, in both languages", () => {
  const iso = "2026-11-21T21:54:00Z";
  assert.match(formatMexicoTime(iso, "es"), /15:54/);
  assert.match(formatMexicoTime(iso, "en"), /15:54/);
  assert.doesNotMatch(formatMexicoTime(iso, "en"), /PM/i);
  assert.equal(formatMexicoTime(Date.parse(iso), "es", { dateStyle: null }), "15:54");
});
