import assert from "node:assert/strict";
import { test } from "node:test";
import { editorsByNode, groupPeople, listPeople } from "../src/presence.js";

const SECTORS = [
  { id: "sociedad_civil", label: "Sociedad civil" },
  { id: "academia", label: "Academia" },
];

test("people are de-duplicated by user id and the server entry is ignored", () => {
  const states = new Map([
    [1, { user: { id: "a", name: "Ana", sector: "academia", role: "participant" }, editing: "n1" }],
    [2, { user: { id: "a", name: "Ana", sector: "academia", role: "participant" }, editing: null }],
    [3, { cocrea: { phase: "arbol_de_problemas" } }],
    [4, { user: { id: "f", name: "Fer", sector: "sociedad_civil", role: "facilitator" } }],
  ]);
  const people = listPeople(states);
  assert.deepEqual(people.map((p) => p.id), ["a", "f"]);
  assert.deepEqual(people[0].editing, ["n1"]);
  const { facilitators, groups } = groupPeople(people, SECTORS);
  assert.deepEqual(facilitators.map((p) => p.id), ["f"]);
  assert.deepEqual(groups.map((g) => [g.id, g.people.length]), [["academia", 1]]);
  assert.deepEqual([...editorsByNode(people, "f").keys()], ["n1"]);
  assert.equal(editorsByNode(people, "a").size, 0);
});
