import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import {
  alternativeTexts,
  dispositionRequest,
  mergeTargets,
  nodeNames,
  seedsFromTree,
} from "../src/alternatives-model.js";
import { defaultTab, hasStage, projectorFromSearch } from "../src/stage-model.js";

const TREE = {
  nodes: [
    { id: "p", kind: "problem", text: "Baja participación", objective: null, objective_role: "objective" },
    { id: "c1", kind: "cause", text: "Poca difusión", objective: " Amplia difusión ", objective_role: "means" },
    { id: "c2", kind: "cause", text: "Falta de presupuesto", objective: null, out_of_scope: true, objective_role: "given" },
    { id: "c3", kind: "cause", text: "Horarios difíciles", objective: "", objective_role: "means" },
    { id: "e1", kind: "effect", text: "Desconfianza", objective: null, objective_role: "end" },
  ],
};

test("the seeds are the causes in scope, with their objective when written", () => {
  assert.deepEqual(seedsFromTree(TREE), [
    { id: "c1", objective: "Amplia difusión", text: "Poca difusión" },
    { id: "c3", objective: "", text: "Horarios difíciles" },
  ]);
  assert.deepEqual(seedsFromTree(null), []);
  assert.equal(nodeNames(TREE).get("c1").objective, "Amplia difusión");
});

test("a reasoned response needs a reason, and a target when merging", () => {
  assert.equal(dispositionRequest({ disposition: "adopted", reason: "  ", mergedInto: "" }).problem, "reason");
  assert.equal(dispositionRequest({ disposition: "merged", reason: "Igual", mergedInto: "" }).problem, "merged_into");
  assert.equal(dispositionRequest({ disposition: "pending", reason: "x", mergedInto: "" }).problem, "disposition");
  assert.deepEqual(dispositionRequest({ disposition: "merged", reason: " Es la misma ", mergedInto: "b" }).body, {
    disposition: "merged",
    reason: "Es la misma",
    merged_into: "b",
  });
  assert.deepEqual(dispositionRequest({ disposition: "not_adopted", reason: "Fuera de alcance", mergedInto: "b" }).body, {
    disposition: "not_adopted",
    reason: "Fuera de alcance",
  });
  const list = [
    { id: "a", disposition: "pending" },
    { id: "b", disposition: "merged" },
    { id: "c", disposition: "adopted" },
  ];
  assert.deepEqual(
    mergeTargets(list, "a").map((a) => a.id),
    ["c"],
  );
});

test("the shared title and description are read from the alternatives document", () => {
  const doc = new Y.Doc();
  const items = doc.getMap("alternatives");
  const entry = new Y.Map();
  entry.set("title", new Y.Text("Red de enlaces"));
  entry.set("description", new Y.Text(""));
  items.set("a1", entry);
  items.set("bad", "not a map");
  const texts = alternativeTexts(doc, "a1");
  assert.equal(texts.title.toString(), "Red de enlaces");
  assert.equal(texts.description.toString(), "");
  assert.deepEqual(alternativeTexts(doc, "bad"), { title: null, description: null });
  assert.deepEqual(alternativeTexts(doc, "missing"), { title: null, description: null });
});

test("the stage opens with the phase's tab; the tree phases have none", () => {
  assert.equal(hasStage("arbol_de_problemas"), false);
  assert.equal(defaultTab("arbol_de_objetivos"), null);
  assert.equal(defaultTab("alternativas"), "alternatives");
  assert.equal(defaultTab("votacion"), "voting");
  assert.equal(defaultTab("hoja_de_ruta"), "commitments");
  assert.equal(defaultTab("cierre"), "decisions");
  assert.equal(projectorFromSearch("?proyector=1"), true);
  assert.equal(projectorFromSearch("?proyector=0"), false);
  assert.equal(projectorFromSearch("?x=1"), null);
});
