import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { diffText, transformIndex } from "../src/text-diff.js";

const apply = (before, { index, deleteCount, insert }) =>
  before.slice(0, index) + insert + before.slice(index + deleteCount);

test("diffText produces one splice that turns before into after", () => {
  const cases = [
    ["", "hola"],
    ["hola", ""],
    ["hola mundo", "hola gran mundo"],
    ["aaaa", "aaa"],
    ["causa directa", "causa indirecta"],
    ["👍 bien", "👎 bien"],
    ["abc", "xyz"],
  ];
  for (const [before, after] of cases) {
    const change = diffText(before, after);
    assert.equal(apply(before, change), after, `${before} -> ${after}`);
  }
});

test("diffText never splits a surrogate pair", () => {
  const change = diffText("a👍b", "a👎b");
  assert.equal(change.index, 1);
  assert.equal(change.deleteCount, 2);
  assert.equal(change.insert, "👎");
});

test("transformIndex follows a remote Y.Text change", () => {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  text.insert(0, "Poca difusión");
  let delta = null;
  text.observe((event) => {
    delta = event.delta;
  });
  text.insert(0, "Muy ");
  assert.equal(transformIndex(5, delta), 9, "insert before the caret pushes it");
  assert.equal(transformIndex(0, delta), 0, "insert at the caret leaves it");
  text.delete(0, 4);
  assert.equal(transformIndex(9, delta), 5, "delete before the caret pulls it");
  assert.equal(transformIndex(2, delta), 0, "delete around the caret moves it to the start");
  text.insert(8, "XX");
  assert.equal(transformIndex(3, delta), 3, "insert after the caret leaves it");
});
