import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "../src/document-schema.js";
import {
  addNode,
  buildOutline,
  deleteNode,
  findLinkTargets,
  findParentId,
  linkNode,
  readMergedFrom,
  readTree,
} from "../src/tree-model.js";

const sample = () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p1", text: "Desarticulación" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", linkTo: problem, text: "Falta de consensos" });
  const indirect = addNode(doc, { kind: KIND_CAUSE, createdBy: "p2", linkTo: cause, text: "Poca difusión" });
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", linkTo: problem, text: "Impacto mínimo" });
  const indirectEffect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", linkTo: effect, text: "Desinterés" });
  return { doc, problem, cause, indirect, effect, indirectEffect };
};

test("edges point from cause to consequence", () => {
  const { doc, problem, cause, indirect, effect, indirectEffect } = sample();
  const pairs = readTree(doc).edges.map((edge) => `${edge.source}>${edge.target}`);
  assert.ok(pairs.includes(`${cause}>${problem}`));
  assert.ok(pairs.includes(`${indirect}>${cause}`));
  assert.ok(pairs.includes(`${problem}>${effect}`));
  assert.ok(pairs.includes(`${effect}>${indirectEffect}`));
});

test("the outline nests indirect causes and effects", () => {
  const { doc, problem, cause, indirect, effect, indirectEffect } = sample();
  const outline = buildOutline(readTree(doc));
  assert.deepEqual(outline.problems.map((n) => n.id), [problem]);
  assert.equal(outline.causes.length, 1);
  assert.equal(outline.causes[0].node.id, cause);
  assert.equal(outline.causes[0].children[0].node.id, indirect);
  assert.equal(outline.effects[0].node.id, effect);
  assert.equal(outline.effects[0].children[0].node.id, indirectEffect);
  assert.equal(outline.unlinked.length, 0);
});

test("deleting a node removes its edges and unlinks its children", () => {
  const { doc, cause, indirect } = sample();
  deleteNode(doc, cause);
  const tree = readTree(doc);
  assert.ok(!tree.nodes.has(cause));
  assert.ok(tree.edges.every((edge) => edge.source !== cause && edge.target !== cause));
  const outline = buildOutline(tree);
  assert.equal(outline.causes.length, 0);
  assert.deepEqual(outline.unlinked.map((item) => item.node.id), [indirect]);
});

test("relinking replaces the outgoing edge of a cause and never offers a cycle", () => {
  const { doc, problem, cause, indirect } = sample();
  const targets = findLinkTargets(readTree(doc), cause).map((node) => node.id);
  assert.ok(targets.includes(problem));
  assert.ok(!targets.includes(indirect), "a cause cannot point at what leads to it");
  assert.ok(!targets.includes(cause));
  linkNode(doc, indirect, problem);
  const tree = readTree(doc);
  assert.equal(findParentId(tree, tree.nodes.get(indirect)), problem);
  assert.equal(tree.edges.filter((edge) => edge.source === indirect).length, 1);
  linkNode(doc, indirect, null);
  assert.equal(buildOutline(readTree(doc)).unlinked[0].node.id, indirect);
});

test("relinking an effect replaces its incoming edge", () => {
  const { doc, problem, effect, indirectEffect } = sample();
  const targets = findLinkTargets(readTree(doc), effect).map((node) => node.id);
  assert.ok(!targets.includes(indirectEffect), "an effect cannot hang from what comes from it");
  linkNode(doc, indirectEffect, problem);
  const tree = readTree(doc);
  assert.equal(findParentId(tree, tree.nodes.get(indirectEffect)), problem);
  assert.equal(tree.edges.filter((edge) => edge.target === indirectEffect).length, 1);
});

test("a cycle written by another client still shows every node once", () => {
  const { doc, cause, indirect } = sample();
  // Another client makes cause -> indirect while indirect -> cause exists.
  linkNode(doc, cause, indirect);
  const outline = buildOutline(readTree(doc));
  const seen = [];
  const walk = (items) => items.forEach((item) => (seen.push(item.node.id), walk(item.children)));
  walk(outline.causes);
  walk(outline.effects);
  walk(outline.unlinked);
  seen.push(...outline.problems.map((node) => node.id));
  assert.equal(seen.length, readTree(doc).nodes.size);
  assert.equal(new Set(seen).size, seen.length);
});

test("two clients converge on the same outline order", () => {
  const a = new Y.Doc();
  const b = new Y.Doc();
  addNode(a, { kind: KIND_PROBLEM, createdBy: "p1" });
  addNode(b, { kind: KIND_CAUSE, createdBy: "p2" });
  addNode(a, { kind: KIND_CAUSE, createdBy: "p1" });
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const order = (doc) => buildOutline(readTree(doc)).unlinked.map((item) => item.node.id);
  assert.deepEqual(order(a), order(b));
});

test("merged_from keeps only well-formed records", () => {
  assert.deepEqual(readMergedFrom(undefined), []);
  assert.deepEqual(
    readMergedFrom([
      { id: "c2", text: "Otra causa", created_by: "ana" },
      { id: "c3", text: 5, created_by: null },
      { text: "sin id" },
      "basura",
      null,
    ]),
    [
      { id: "c2", text: "Otra causa", createdBy: "ana" },
      { id: "c3", text: "", createdBy: null },
    ],
  );
});

test("a node's objective text and merged_from are read from the document", () => {
  const doc = new Y.Doc();
  const id = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", text: "Causa" });
  const map = doc.getMap("nodes").get(id);
  doc.transact(() => {
    map.set("objective", new Y.Text("Medio"));
    map.set("merged_from", [{ id: "x", text: "Duplicada", created_by: "p2" }]);
  });
  const node = readTree(doc).nodes.get(id);
  assert.equal(node.objective.toString(), "Medio");
  assert.deepEqual(node.mergedFrom, [{ id: "x", text: "Duplicada", createdBy: "p2" }]);
  assert.equal(readTree(new Y.Doc()).nodes.size, 0);
});
