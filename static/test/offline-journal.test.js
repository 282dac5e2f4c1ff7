// What the browser's copy of a document holds that the server never
// received, per text field, on any document shape (offline-journal.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Y from "yjs";
import { lostInMerge, textAt, unstoredTexts, wouldChange } from "../src/offline-journal.js";

const replica = (doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

test("typing the server never got is reported with the whole text", () => {
  const server = new Y.Doc();
  const node = new Y.Map();
  server.getMap("nodes").set("n1", node);
  node.set("text", new Y.Text("Los municipios"));
  const local = replica(server);
  const text = local.getMap("nodes").get("n1").get("text");
  text.insert(text.length, " no c");
  Y.applyUpdate(server, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server)));
  text.insert(text.length, "uentan con presupuesto");
  assert.deepEqual(unstoredTexts(local, server), [
    { path: "nodes/n1/text", text: "Los municipios no cuentan con presupuesto", unsaved: ["uentan con presupuesto"] },
  ]);
  assert.equal(wouldChange(server, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server))), true);
});

test("separate unsaved runs stay apart; stored text is not reported", () => {
  const server = new Y.Doc();
  server.getMap("roadmaps").set("c1", new Y.Map());
  server.getMap("roadmaps").get("c1").set("goal", new Y.Text("ABCD"));
  server.getMap("roadmaps").get("c1").set("risks", new Y.Array());
  server.getMap("roadmaps").get("c1").get("risks").push([new Y.Text("x")]);
  const local = replica(server);
  const goal = local.getMap("roadmaps").get("c1").get("goal");
  goal.insert(1, "1");
  goal.insert(4, "2");
  local.getMap("roadmaps").get("c1").get("risks").get(0).insert(1, "y");
  const found = unstoredTexts(local, server);
  assert.deepEqual(found, [
    { path: "roadmaps/c1/goal", text: "A1BC2D", unsaved: ["1", "2"] },
    { path: "roadmaps/c1/risks/0", text: "xy", unsaved: ["y"] },
  ]);
});

test("a new field made offline is reported whole; nothing new means no change", () => {
  const server = new Y.Doc();
  server.getMap("alternatives");
  const local = replica(server);
  const item = new Y.Map();
  local.getMap("alternatives").set("a1", item);
  item.set("title", new Y.Text("Presupuesto abierto"));
  assert.deepEqual(unstoredTexts(local, server), [
    { path: "alternatives/a1/title", text: "Presupuesto abierto", unsaved: ["Presupuesto abierto"] },
  ]);
  const same = replica(server);
  assert.equal(wouldChange(server, Y.encodeStateAsUpdate(same, Y.encodeStateVector(server))), false);
  assert.deepEqual(unstoredTexts(same, server), []);
});

test("a deletion the server lacks is a change", () => {
  const server = new Y.Doc();
  server.getText("t").insert(0, "hola");
  const local = replica(server);
  local.getText("t").delete(0, 1);
  assert.equal(wouldChange(server, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server))), true);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(local));
  assert.equal(wouldChange(server, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server))), false);
});

test("offline typing into a node deleted on the server meanwhile is found lost after the merge", () => {
  const server = new Y.Doc();
  const node = new Y.Map();
  server.getMap("nodes").set("n1", node);
  node.set("text", new Y.Text("Falta"));
  server.getMap("nodes").set("n2", new Y.Map());
  server.getMap("nodes").get("n2").set("text", new Y.Text("Otra"));
  const local = replica(server);
  local.getMap("nodes").get("n1").get("text").insert(5, " de datos");
  local.getMap("nodes").get("n2").get("text").insert(4, " causa");
  server.getMap("nodes").delete("n1");
  const pending = unstoredTexts(local, server);
  assert.equal(pending.length, 2);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server)));
  assert.equal(textAt(server, "nodes/n2/text"), "Otra causa");
  assert.equal(textAt(server, "nodes/n1/text"), null);
  assert.deepEqual(lostInMerge(server, pending), [
    { path: "nodes/n1/text", text: "Falta de datos", unsaved: [" de datos"] },
  ]);
});

test("paths through arrays resolve by position", () => {
  const doc = new Y.Doc();
  const list = new Y.Array();
  doc.getMap("roadmaps").set("c1", new Y.Map());
  doc.getMap("roadmaps").get("c1").set("risks", list);
  list.push([new Y.Text("uno"), new Y.Text("dos")]);
  list.delete(0, 1);
  assert.equal(textAt(doc, "roadmaps/c1/risks/0"), "dos");
  assert.equal(textAt(doc, "roadmaps/c1/risks/3"), null);
  assert.equal(textAt(doc, "nothing/here"), null);
});
