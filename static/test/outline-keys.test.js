import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "../src/document-schema.js";
import {
  ACTION_ADD_CHILD,
  ACTION_ADD_SIBLING,
  ACTION_DELETE,
  ACTION_EDIT,
  ACTION_INDENT,
  ACTION_NEXT,
  ACTION_OUTDENT,
  actionOfKey,
  ancestorsOf,
  listVisible,
} from "../src/outline-keys.js";
import { addNode, buildOutline, readTree } from "../src/tree-model.js";

const key = (k, mods = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });

test("visible items run effects, problem, causes, and skip collapsed children", () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p", text: "P" });
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p", linkTo: problem, text: "E" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: problem, text: "C" });
  const indirect = addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: cause, text: "CI" });
  const outline = buildOutline(readTree(doc));
  const open = listVisible(outline, new Set());
  assert.deepEqual(
    open.map((item) => item.id),
    [effect, problem, cause, indirect],
  );
  assert.deepEqual(
    open.map((item) => item.level),
    [1, 1, 1, 2],
  );
  assert.equal(open[2].expanded, true);
  assert.equal(open[3].parentId, cause);
  const closed = listVisible(outline, new Set([cause]));
  assert.deepEqual(
    closed.map((item) => item.id),
    [effect, problem, cause],
  );
  assert.equal(closed[2].expanded, false);
  assert.equal(closed[2].hasChildren, true);
});

test("keys map to actions; editing keys do nothing when read-only", () => {
  assert.equal(actionOfKey(key("ArrowDown"), true), ACTION_NEXT);
  assert.equal(actionOfKey(key("Enter"), false), ACTION_EDIT);
  assert.equal(actionOfKey(key("Enter", { shiftKey: true }), true), ACTION_ADD_SIBLING);
  assert.equal(actionOfKey(key("Enter", { ctrlKey: true }), true), ACTION_ADD_CHILD);
  assert.equal(actionOfKey(key("Enter", { metaKey: true }), true), ACTION_ADD_CHILD);
  assert.equal(actionOfKey(key("ArrowRight", { altKey: true }), true), ACTION_INDENT);
  assert.equal(actionOfKey(key("ArrowLeft", { altKey: true }), true), ACTION_OUTDENT);
  assert.equal(actionOfKey(key("Delete"), true), ACTION_DELETE);
  for (const event of [key("Delete"), key("Enter", { shiftKey: true }), key("ArrowRight", { altKey: true })]) {
    assert.equal(actionOfKey(event, false), null);
  }
  assert.equal(actionOfKey(key("Tab"), true), null);
  assert.equal(actionOfKey(key("a"), true), null);
});

test("ancestorsOf lists the branches to open for a node to show", () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p", text: "P" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: problem, text: "C" });
  const indirect = addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: cause, text: "CI" });
  const root = addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: indirect, text: "CR" });
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p", linkTo: problem, text: "E" });
  const outline = buildOutline(readTree(doc));
  assert.deepEqual(ancestorsOf(outline, root), [cause, indirect]);
  assert.deepEqual(ancestorsOf(outline, cause), []);
  assert.deepEqual(ancestorsOf(outline, effect), []);
  assert.deepEqual(ancestorsOf(outline, problem), []);
  assert.deepEqual(ancestorsOf(outline, "missing"), []);
});
