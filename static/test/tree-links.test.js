import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "../src/document-schema.js";
import {
  END_SOURCE,
  END_TARGET,
  LINK_CYCLE,
  LINK_DUPLICATE,
  LINK_KINDS,
  LINK_SELF,
  addLink,
  checkLink,
  deleteLink,
  findIndentTarget,
  findOutdentTarget,
  isLinkKindAllowed,
  moveLinkEnd,
  planNewNode,
  resolveLink,
} from "../src/tree-links.js";
import { addNode, buildOutline, linkNode, readTree } from "../src/tree-model.js";

const sample = () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p1", text: "Desarticulación" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", linkTo: problem, text: "Falta de consensos" });
  const cause2 = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", linkTo: problem, text: "Poca interacción" });
  const indirect = addNode(doc, { kind: KIND_CAUSE, createdBy: "p2", linkTo: cause, text: "Poca difusión" });
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", linkTo: problem, text: "Impacto mínimo" });
  const effect2 = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", linkTo: problem, text: "Desinterés" });
  const loose = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", text: "Suelta" });
  return { doc, problem, cause, cause2, indirect, effect, effect2, loose };
};

const pairs = (doc) =>
  readTree(doc)
    .edges.map((edge) => `${edge.source}>${edge.target}`)
    .sort();

test("only cause→problem, cause→cause, problem→effect and effect→effect are allowed", () => {
  const kinds = [KIND_CAUSE, KIND_PROBLEM, KIND_EFFECT];
  const allowed = kinds.flatMap((s) => kinds.filter((t) => isLinkKindAllowed(s, t)).map((t) => `${s}>${t}`));
  assert.deepEqual(allowed.sort(), ["cause>cause", "cause>problem", "effect>effect", "problem>effect"]);
  assert.equal(isLinkKindAllowed("idea", KIND_PROBLEM), false);
});

test("checkLink refuses self links, wrong kinds, duplicates and cycles", () => {
  const { doc, problem, cause, indirect, effect, effect2, loose } = sample();
  const tree = readTree(doc);
  assert.equal(checkLink(tree, loose, problem), null);
  assert.equal(checkLink(tree, loose, loose), LINK_SELF);
  assert.equal(checkLink(tree, effect, cause), LINK_KINDS);
  assert.equal(checkLink(tree, problem, cause), LINK_KINDS);
  assert.equal(checkLink(tree, cause, effect), LINK_KINDS);
  assert.equal(checkLink(tree, cause, problem), LINK_DUPLICATE);
  assert.equal(checkLink(tree, cause, indirect), LINK_CYCLE);
  assert.equal(checkLink(tree, effect, effect2), null);
});

test("a drag from the top handle links towards the drop, from the bottom handle away from it", () => {
  const { doc, problem, cause, cause2, loose } = sample();
  const tree = readTree(doc);
  assert.deepEqual(resolveLink(tree, loose, cause2, END_SOURCE), { source: loose, target: cause2, error: null });
  assert.deepEqual(resolveLink(tree, loose, cause2, END_TARGET), { source: cause2, target: loose, error: null });
  // Between kinds only one direction is valid: the wrong handle is forgiven.
  assert.deepEqual(resolveLink(tree, problem, loose, END_SOURCE), { source: loose, target: problem, error: null });
  assert.equal(resolveLink(tree, cause, cause2, END_SOURCE).error, null);
  assert.equal(resolveLink(tree, cause, problem, END_TARGET).error, LINK_DUPLICATE);
});

test("an effect can never be linked to a cause, whichever handle", () => {
  const { doc, cause, effect } = sample();
  const tree = readTree(doc);
  assert.equal(resolveLink(tree, effect, cause, END_SOURCE).error, LINK_KINDS);
  assert.equal(resolveLink(tree, effect, cause, END_TARGET).error, LINK_KINDS);
});

test("moving an edge end re-links it and keeps its id; invalid moves change nothing", () => {
  const { doc, problem, cause, cause2, indirect, effect } = sample();
  const tree = readTree(doc);
  const edge = tree.edges.find((e) => e.source === indirect && e.target === cause);
  assert.equal(moveLinkEnd(doc, tree, edge.id, END_TARGET, cause2), null);
  const moved = readTree(doc).edges.find((e) => e.id === edge.id);
  assert.deepEqual([moved.source, moved.target], [indirect, cause2]);
  const before = pairs(doc);
  assert.equal(moveLinkEnd(doc, readTree(doc), edge.id, END_TARGET, effect), LINK_KINDS);
  assert.equal(moveLinkEnd(doc, readTree(doc), edge.id, END_TARGET, indirect), LINK_SELF);
  // cause2 → problem exists: moving indirect's edge source onto cause2 would duplicate nothing,
  // but moving the end of cause2's own edge onto cause would duplicate cause → problem.
  const own = readTree(doc).edges.find((e) => e.source === cause2 && e.target === problem);
  assert.equal(moveLinkEnd(doc, readTree(doc), own.id, END_SOURCE, cause), LINK_DUPLICATE);
  assert.deepEqual(pairs(doc), before);
});

test("moving an edge end onto its own descendant is a cycle", () => {
  const { doc, cause, indirect, problem } = sample();
  const tree = readTree(doc);
  const edge = tree.edges.find((e) => e.source === cause && e.target === problem);
  assert.equal(moveLinkEnd(doc, tree, edge.id, END_TARGET, indirect), LINK_CYCLE);
});

test("addLink and deleteLink add and remove one edge", () => {
  const { doc, loose, problem } = sample();
  const id = addLink(doc, loose, problem);
  assert.ok(pairs(doc).includes(`${loose}>${problem}`));
  deleteLink(doc, id);
  assert.ok(!pairs(doc).includes(`${loose}>${problem}`));
});

test("indent hangs a node from its previous sibling; outdent from its grandparent", () => {
  const { doc, problem, cause, cause2 } = sample();
  let tree = readTree(doc);
  assert.deepEqual(findIndentTarget(tree, buildOutline(tree), cause2), { targetId: cause, error: null });
  assert.equal(findIndentTarget(tree, buildOutline(tree), cause).error, "no_previous");
  assert.equal(findOutdentTarget(tree, buildOutline(tree), cause2).error, "no_parent");
  linkNode(doc, cause2, cause);
  tree = readTree(doc);
  assert.deepEqual(findOutdentTarget(tree, buildOutline(tree), cause2), { targetId: problem, error: null });
});

test("indent refuses a previous sibling of another kind", () => {
  const doc = new Y.Doc();
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", text: "Efecto suelto" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", text: "Causa suelta" });
  const tree = readTree(doc);
  const outline = buildOutline(tree);
  assert.deepEqual(
    outline.unlinked.map((item) => item.node.id),
    [effect, cause],
  );
  assert.equal(findIndentTarget(tree, outline, cause).error, LINK_KINDS);
});

test("new siblings share the parent, new children hang from the node", () => {
  const problem = { id: "p", kind: KIND_PROBLEM };
  const cause = { id: "c", kind: KIND_CAUSE };
  const effect = { id: "e", kind: KIND_EFFECT };
  assert.deepEqual(planNewNode({ node: cause, parentId: "p" }, "sibling"), { kind: KIND_CAUSE, linkTo: "p" });
  assert.deepEqual(planNewNode({ node: cause, parentId: "p" }, "child"), { kind: KIND_CAUSE, linkTo: "c" });
  assert.deepEqual(planNewNode({ node: effect, parentId: "p" }, "child"), { kind: KIND_EFFECT, linkTo: "e" });
  assert.deepEqual(planNewNode({ node: problem, parentId: null }, "child"), { kind: KIND_CAUSE, linkTo: "p" });
  assert.equal(planNewNode({ node: problem, parentId: null }, "sibling"), null);
});
