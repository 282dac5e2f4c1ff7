import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "../src/document-schema.js";
import {
  RULE_LIKELY_DUPLICATE,
  SEVERITY_ERROR,
  SEVERITY_WARNING,
  mergePairOf,
  presentNodeIds,
  readChecks,
  summarizeChecks,
} from "../src/tree-checks.js";
import { addNode, readTree } from "../src/tree-model.js";
import { readTreeAnswer } from "../src/use-tree-report.js";

const SAMPLE = [
  { rule: "one_central_problem", severity: "error", node_ids: [], message: "Falta el problema central." },
  { rule: "absence_of_solution", severity: "warning", node_ids: ["p"], message: "Habla de lo que falta." },
  { rule: "likely_duplicate", severity: "warning", node_ids: ["a", "b"], message: "Parecen lo mismo." },
  { rule: "some_new_rule", severity: "info", node_ids: ["a"], message: "Regla nueva." },
];

test("checks are read defensively; unknown severities count as warnings", () => {
  const checks = readChecks([...SAMPLE, null, 3, { rule: 7, message: null }, { message: "x", node_ids: [1, "p"] }]);
  assert.equal(checks.length, 5);
  assert.deepEqual(
    checks.map((check) => check.severity),
    [SEVERITY_ERROR, SEVERITY_WARNING, SEVERITY_WARNING, SEVERITY_WARNING, SEVERITY_WARNING],
  );
  assert.deepEqual(checks[4].nodeIds, ["p"]);
  assert.deepEqual(readChecks(undefined), []);
  assert.deepEqual(readChecks({ checks: [] }), []);
});

test("keys stay unique when the server repeats an entry", () => {
  const checks = readChecks([SAMPLE[1], SAMPLE[1]]);
  assert.notEqual(checks[0].key, checks[1].key);
});

test("the summary counts errors and warnings and flags each node", () => {
  const summary = summarizeChecks(readChecks(SAMPLE));
  assert.equal(summary.errors.length, 1);
  assert.equal(summary.warnings.length, 3);
  assert.deepEqual(summary.byNode.get("a"), {
    errors: 0,
    warnings: 2,
    messages: ["Parecen lo mismo.", "Regla nueva."],
  });
  assert.equal(summary.byNode.get("p").warnings, 1);
  assert.equal(summary.byNode.has("zzz"), false);
});

test("only ideas still in the tree are targets; merge pairs need two of one kind", () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p1", text: "Problema" });
  const a = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", linkTo: problem, text: "Causa" });
  const b = addNode(doc, { kind: KIND_CAUSE, createdBy: "p2", linkTo: problem, text: "causa" });
  const e = addNode(doc, { kind: KIND_EFFECT, createdBy: "p2", linkTo: problem, text: "Causa" });
  const tree = readTree(doc);
  const duplicate = (ids) =>
    readChecks([{ rule: RULE_LIKELY_DUPLICATE, severity: "warning", node_ids: ids, message: "m" }])[0];
  assert.deepEqual(presentNodeIds(duplicate([a, "gone"]), tree), [a]);
  assert.deepEqual(mergePairOf(duplicate([a, b]), tree), [a, b]);
  assert.equal(mergePairOf(duplicate([a, e]), tree), null);
  assert.equal(mergePairOf(duplicate([a, "gone"]), tree), null);
  assert.equal(mergePairOf(duplicate([a, b, e]), tree), null);
  const other = readChecks([{ rule: "absence_of_solution", severity: "warning", node_ids: [a, b], message: "m" }])[0];
  assert.equal(mergePairOf(other, tree), null);
});

test("a tree answer gives each node's suggestion and every author it names", () => {
  const { suggestions, authorIds } = readTreeAnswer({
    nodes: [
      { id: "c1", objective_role: "means", suggested_objective: "Conocimiento", created_by: "ana" },
      { id: "p", objective_role: "objective", suggested_objective: "", merged_from: [{ id: "x", created_by: "luis" }] },
      { id: 5 },
      null,
    ],
  });
  assert.deepEqual(suggestions.get("c1"), { role: "means", text: "Conocimiento" });
  assert.deepEqual(suggestions.get("p"), { role: "objective", text: "" });
  assert.equal(suggestions.size, 2);
  assert.deepEqual(authorIds.sort(), ["ana", "luis"]);
  assert.deepEqual(readTreeAnswer(null).authorIds, []);
});

test("checks read in English from their rule and facts; Spanish and unknown rules keep the server's sentence", async () => {
  const { readChecks, localizeChecks } = await import("../src/tree-checks.js");
  const { makeTranslator } = await import("../src/i18n.js");
  const { loadLocale } = await import("./load-locales.js");
  const en = makeTranslator(loadLocale("en"));
  const checks = readChecks([
    { rule: "one_central_problem", severity: "error", node_ids: ["p", "q"], message: "Debe haber…", params: { count: 2 } },
    { rule: "one_central_problem", severity: "error", node_ids: [], message: "Falta el problema…", params: { count: 0 } },
    { rule: "absence_of_solution", severity: "warning", node_ids: ["c"], message: "Este texto…", params: { phrase: "falta de" } },
    { rule: "text_too_long", severity: "warning", node_ids: ["c"], message: "Muy largo", params: { length: 5000, max: 1000 } },
    { rule: "isolated_node", severity: "warning", node_ids: ["x"], message: "Suelto" },
    { rule: "rule_from_the_future", severity: "warning", node_ids: [], message: "Mensaje del servidor." },
  ]);
  assert.deepEqual(
    localizeChecks(checks, en, "en").map((c) => c.message),
    [
      "There must be one central problem and there are 2. Choose the main one together and turn the others into causes or effects.",
      "The central problem is missing. Write one: the negative situation the affected population lives.",
      "This text speaks of what is missing («falta de»), not of what happens to people. Describe the negative situation the affected population lives; for example, instead of «Lack of training», write «Information requests are answered late».",
      "This text is very long (5,000 characters). Sum it up in one or two sentences; the maximum is 1,000 characters.",
      "This item stands alone: it has no link. Join it to the tree or delete it if it is no longer needed.",
      "Mensaje del servidor.",
    ],
  );
  assert.equal(localizeChecks(checks, en, "es"), checks);
  assert.deepEqual(checks[2].params, { phrase: "falta de" });
});
