import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM, NODE_OBJECTIVE, TREE_NODES } from "../src/document-schema.js";
import {
  ROLE_END,
  ROLE_MEANS,
  ROLE_OBJECTIVE,
  buildObjectiveTree,
  hasNoObjective,
  objectiveOf,
  setOutOfScope,
  writeObjective,
} from "../src/objective-model.js";
import { addNode, readTree } from "../src/tree-model.js";

const sample = () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p1", text: "Desarticulación" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", linkTo: problem, text: "Falta de consensos" });
  const indirect = addNode(doc, { kind: KIND_CAUSE, createdBy: "p2", linkTo: cause, text: "Poca difusión" });
  const other = addNode(doc, { kind: KIND_CAUSE, createdBy: "p2", linkTo: problem, text: "Marco legal federal" });
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", linkTo: problem, text: "Impacto mínimo" });
  const indirectEffect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", linkTo: effect, text: "Desinterés" });
  const loose = addNode(doc, { kind: KIND_CAUSE, createdBy: "p3", text: "Suelta" });
  return { doc, problem, cause, indirect, other, effect, indirectEffect, loose };
};

test("the objective tree is drawn as the method draws it: ends, objective, means", () => {
  const { doc, problem, cause, indirect, other, effect, indirectEffect } = sample();
  const objectives = buildObjectiveTree(readTree(doc));
  assert.deepEqual(
    objectives.ends.map((row) => [row.node.id, row.role, row.depth]),
    [
      [indirectEffect, ROLE_END, 1],
      [effect, ROLE_END, 0],
    ],
  );
  assert.deepEqual(
    objectives.objectives.map((row) => [row.node.id, row.role]),
    [[problem, ROLE_OBJECTIVE]],
  );
  assert.deepEqual(
    objectives.means.map((row) => [row.node.id, row.role, row.depth]),
    [
      [cause, ROLE_MEANS, 0],
      [indirect, ROLE_MEANS, 1],
      [other, ROLE_MEANS, 0],
    ],
  );
  assert.equal(objectives.unlinked, 1);
  assert.deepEqual(objectives.givens, []);
  assert.equal(objectives.seeds.length, 3);
});

test("a cause out of scope yields no means; only causes can be marked", () => {
  const { doc, problem, other, effect } = sample();
  setOutOfScope(doc, other, true);
  setOutOfScope(doc, effect, true);
  setOutOfScope(doc, problem, true);
  const tree = readTree(doc);
  assert.equal(tree.nodes.get(other).outOfScope, true);
  assert.equal(tree.nodes.get(effect).outOfScope, false);
  assert.equal(tree.nodes.get(problem).outOfScope, false);
  const objectives = buildObjectiveTree(tree);
  assert.deepEqual(
    objectives.givens.map((row) => row.node.id),
    [other],
  );
  assert.ok(!objectives.seeds.some((row) => row.node.id === other));
  setOutOfScope(doc, other, false);
  assert.equal(doc.getMap(TREE_NODES).get(other).has("out_of_scope"), false);
  assert.equal(buildObjectiveTree(readTree(doc)).givens.length, 0);
});

test("a suggestion creates the objective text once, in one transaction, and never overwrites", () => {
  const { doc, cause } = sample();
  const node = doc.getMap(TREE_NODES).get(cause);
  assert.equal(node.get(NODE_OBJECTIVE), undefined);
  assert.ok(hasNoObjective(readTree(doc).nodes.get(cause)));
  let transactions = 0;
  doc.on("afterTransaction", () => (transactions += 1));
  assert.equal(writeObjective(doc, cause, "Existencia de consensos"), true);
  assert.equal(transactions, 1);
  assert.ok(node.get(NODE_OBJECTIVE) instanceof Y.Text);
  assert.equal(objectiveOf(readTree(doc).nodes.get(cause)), "Existencia de consensos");
  assert.equal(writeObjective(doc, cause, "Otra cosa"), false);
  assert.equal(objectiveOf(readTree(doc).nodes.get(cause)), "Existencia de consensos");
  // An objective with only spaces counts as empty.
  node.get(NODE_OBJECTIVE).delete(0, node.get(NODE_OBJECTIVE).length);
  node.get(NODE_OBJECTIVE).insert(0, "  ");
  assert.equal(writeObjective(doc, cause, "Consensos"), true);
  assert.equal(objectiveOf(readTree(doc).nodes.get(cause)), "Consensos");
  assert.equal(writeObjective(doc, "missing", "x"), false);
});

test("two people using the suggestion at once end with one objective text", () => {
  const { doc, cause } = sample();
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  writeObjective(doc, cause, "Existencia de consensos");
  writeObjective(other, cause, "Existencia de consensos");
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  const mine = objectiveOf(readTree(doc).nodes.get(cause));
  assert.equal(mine, "Existencia de consensos");
  assert.equal(objectiveOf(readTree(other).nodes.get(cause)), mine);
});
