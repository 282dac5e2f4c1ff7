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
  assert.equal(defaultTab("hoja_de_ruta"), "roadmap"); // the roadmap tab (issue 5) opens with its phase
  assert.equal(defaultTab("cierre"), "decisions");
  assert.equal(projectorFromSearch("?proyector=1"), true);
  assert.equal(projectorFromSearch("?proyector=0"), false);
  assert.equal(projectorFromSearch("?x=1"), null);
});

test("a split is offered for pending alternatives in the phases that allow it", async () => {
  const { canSplit } = await import("../src/alternatives-model.js");
  assert.equal(canSplit({ disposition: "pending" }, "alternativas"), true);
  assert.equal(canSplit({ disposition: "pending" }, "votacion"), true);
  assert.equal(canSplit({ disposition: "pending" }, "hoja_de_ruta"), false);
  assert.equal(canSplit({ disposition: "pending", in_open_round: true }, "votacion"), false);
  assert.equal(canSplit({ disposition: "pending", in_open_round: false }, "votacion"), true);
  for (const disposition of ["adopted", "merged", "not_adopted", "split"])
    assert.equal(canSplit({ disposition }, "alternativas"), false, disposition);
});

test("the split request keeps only the original's means, in its order, and names the first problem", async () => {
  const { initialParts, splitRequest, SPLIT_PARTS_MAX } = await import("../src/alternatives-model.js");
  const original = { addresses: ["c1", "c2"] };
  const parts = initialParts(original);
  assert.deepEqual(parts, [
    { title: "", addresses: ["c1", "c2"] },
    { title: "", addresses: ["c1", "c2"] },
  ]);
  assert.deepEqual(splitRequest(parts, original), { body: null, problem: "title", index: 0 });
  const filled = [
    { title: " Red de enlaces ", addresses: ["c2", "ghost", "c1"] },
    { title: "Capacitación", addresses: [] },
  ];
  assert.deepEqual(splitRequest(filled, original, "  Dos acciones "), {
    body: {
      parts: [
        { title: "Red de enlaces", addresses: ["c1", "c2"] },
        { title: "Capacitación", addresses: [] },
      ],
      reason: "Dos acciones",
    },
    problem: null,
    index: -1,
  });
  assert.equal(splitRequest(filled, original).body.reason, undefined);
  assert.deepEqual(splitRequest([filled[0]], original).problem, "count");
  const many = Array.from({ length: SPLIT_PARTS_MAX + 1 }, (_, i) => ({ title: `P${i}`, addresses: [] }));
  assert.equal(splitRequest(many, original).problem, "count");
  assert.equal(splitRequest(many.slice(1), original).problem, null);
  assert.deepEqual(splitRequest([filled[0], { title: "RED DE ENLACES", addresses: [] }], original), {
    body: null,
    problem: "duplicate",
    index: 1,
  });
});

test("split links read as titles, and split alternatives take no merge", async () => {
  const { splitLinks } = await import("../src/alternatives-model.js");
  const titles = { a: "Original", b: "Parte B", c: "Parte C" };
  const titleOf = (id) => titles[id] || "?";
  assert.deepEqual(splitLinks({ split_into: ["b", "c"], split_from: null }, titleOf), {
    into: ["Parte B", "Parte C"],
    from: "",
  });
  assert.deepEqual(splitLinks({ split_from: "a" }, titleOf), { into: [], from: "Original" });
  assert.deepEqual(
    mergeTargets(
      [
        { id: "a", disposition: "split" },
        { id: "b", disposition: "pending" },
        { id: "c", disposition: "pending" },
      ],
      "c",
    ).map((x) => x.id),
    ["b"],
  );
});
