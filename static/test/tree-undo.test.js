import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_PROBLEM } from "../src/document-schema.js";
import { addNode, deleteNode, readTree, spliceText } from "../src/tree-model.js";
import { addLink } from "../src/tree-links.js";
import { createTreeUndo, undoKeyOf } from "../src/tree-undo.js";

// Two browsers whose documents exchange every update, as the server relays them.
const pair = () => {
  const ana = new Y.Doc();
  const luis = new Y.Doc();
  ana.on("update", (update, origin) => origin !== "remote" && Y.applyUpdate(luis, update, "remote"));
  luis.on("update", (update, origin) => origin !== "remote" && Y.applyUpdate(ana, update, "remote"));
  return { ana, luis };
};

const textsOf = (doc) => [...readTree(doc).nodes.values()].map((node) => node.text.toString()).sort();

test("my undo reverts my edit and never the other person's", () => {
  const { ana, luis } = pair();
  const anaUndo = createTreeUndo(ana);
  const luisUndo = createTreeUndo(luis);
  const problem = addNode(ana, { kind: KIND_PROBLEM, createdBy: "ana", text: "Problema" });
  anaUndo.stopCapturing();
  addNode(luis, { kind: KIND_CAUSE, createdBy: "luis", linkTo: problem, text: "Causa de Luis" });
  luisUndo.stopCapturing();
  const anaCause = addNode(ana, { kind: KIND_CAUSE, createdBy: "ana", linkTo: problem, text: "Causa de Ana" });
  assert.deepEqual(textsOf(luis), ["Causa de Ana", "Causa de Luis", "Problema"]);

  anaUndo.undo();
  assert.deepEqual(textsOf(ana), ["Causa de Luis", "Problema"]);
  assert.deepEqual(textsOf(luis), ["Causa de Luis", "Problema"]);
  assert.equal(readTree(luis).edges.length, 1);

  anaUndo.redo();
  assert.deepEqual(textsOf(luis), ["Causa de Ana", "Causa de Luis", "Problema"]);
  assert.ok(readTree(luis).nodes.has(anaCause));
});

test("undo of text typing leaves the other person's typing in the same text", () => {
  const { ana, luis } = pair();
  const anaUndo = createTreeUndo(ana);
  const id = addNode(ana, { kind: KIND_PROBLEM, createdBy: "ana", text: "Problema" });
  anaUndo.stopCapturing();
  const anaText = readTree(ana).nodes.get(id).text;
  const luisText = readTree(luis).nodes.get(id).text;
  spliceText(luisText, { index: 0, deleteCount: 0, insert: "Gran " });
  spliceText(anaText, { index: anaText.length, deleteCount: 0, insert: " público" });
  assert.equal(luisText.toString(), "Gran Problema público");
  anaUndo.undo();
  assert.equal(luisText.toString(), "Gran Problema");
  assert.equal(anaText.toString(), "Gran Problema");
});

test("a deleted node comes back with its text and links", () => {
  const doc = new Y.Doc();
  const undo = createTreeUndo(doc);
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "ana", text: "Problema" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "ana", text: "Causa" });
  addLink(doc, cause, problem);
  undo.stopCapturing();
  deleteNode(doc, cause);
  assert.equal(readTree(doc).edges.length, 0);
  undo.undo();
  const tree = readTree(doc);
  assert.equal(tree.nodes.get(cause).text.toString(), "Causa");
  assert.deepEqual(
    tree.edges.map((e) => [e.source, e.target]),
    [[cause, problem]],
  );
});

test("remote edits are not on my undo stack", () => {
  const { ana, luis } = pair();
  const anaUndo = createTreeUndo(ana);
  addNode(luis, { kind: KIND_PROBLEM, createdBy: "luis", text: "De Luis" });
  assert.equal(anaUndo.undoStack.length, 0);
  anaUndo.undo();
  assert.deepEqual(textsOf(ana), ["De Luis"]);
});

test("undo keys: Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, Ctrl+Y", () => {
  const key = (k, mods = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  assert.equal(undoKeyOf(key("z", { ctrlKey: true })), "undo");
  assert.equal(undoKeyOf(key("z", { metaKey: true })), "undo");
  assert.equal(undoKeyOf(key("Z", { ctrlKey: true, shiftKey: true })), "redo");
  assert.equal(undoKeyOf(key("y", { ctrlKey: true })), "redo");
  assert.equal(undoKeyOf(key("z")), null);
  assert.equal(undoKeyOf(key("z", { ctrlKey: true, altKey: true })), null);
});
