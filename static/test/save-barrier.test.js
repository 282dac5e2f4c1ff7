import assert from "node:assert/strict";
import { test } from "node:test";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { MESSAGE_SAVE_BARRIER } from "../src/document-schema.js";
import { SAVE_SAVED, SAVE_SAVING, SAVE_UNSAVED, SaveTracker, encodeSaveBarrier } from "../src/save-barrier.js";

test("a save barrier frame is [type][varuint n]", () => {
  const decoder = decoding.createDecoder(encodeSaveBarrier(300));
  assert.equal(decoding.readVarUint(decoder), MESSAGE_SAVE_BARRIER);
  assert.equal(decoding.readVarUint(decoder), 300);
  assert.equal(decoding.hasContent(decoder), false);
});

/** The parts of a WebsocketProvider the tracker uses. */
const fakeProvider = () => {
  const listeners = {};
  const sent = [];
  return {
    sent,
    wsconnected: true,
    synced: true,
    ws: { readyState: 1, send: (frame) => sent.push(frame) },
    messageHandlers: [],
    on: (name, f) => ((listeners[name] ||= []).push(f)),
    off: (name, f) => (listeners[name] = (listeners[name] || []).filter((g) => g !== f)),
    emit: (name, args) => (listeners[name] || []).forEach((f) => f(...args)),
  };
};

const ack = (provider, frame) => {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  provider.messageHandlers[type](null, decoder, provider, true, type);
};

test("saved once the server echoes the last barrier", async () => {
  const doc = new Y.Doc();
  const provider = fakeProvider();
  const states = [];
  const tracker = new SaveTracker(doc, provider, (state) => states.push(state));
  doc.getText("t").insert(0, "hola");
  assert.equal(tracker.state, SAVE_SAVING);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(provider.sent.length, 1);
  ack(provider, provider.sent[0]);
  assert.deepEqual(states, [SAVE_SAVING, SAVE_SAVED]);
  tracker.destroy();
});

test("remote updates are not local edits", () => {
  const doc = new Y.Doc();
  const provider = fakeProvider();
  const tracker = new SaveTracker(doc, provider, () => {});
  doc.transact(() => doc.getText("t").insert(0, "remoto"), provider);
  assert.equal(tracker.state, SAVE_SAVED);
  tracker.destroy();
});

test("edits while offline are unsaved and get a barrier after the next sync", async () => {
  const doc = new Y.Doc();
  const provider = fakeProvider();
  provider.wsconnected = false;
  provider.synced = false;
  const tracker = new SaveTracker(doc, provider, () => {});
  doc.getText("t").insert(0, "sin red");
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(tracker.state, SAVE_UNSAVED);
  assert.equal(provider.sent.length, 0);
  provider.wsconnected = true;
  provider.emit("status", [{ status: "connected" }]);
  provider.synced = true;
  provider.emit("sync", [true]);
  assert.equal(provider.sent.length, 1);
  assert.equal(tracker.state, SAVE_SAVING);
  ack(provider, provider.sent[0]);
  assert.equal(tracker.state, SAVE_SAVED);
  tracker.destroy();
});
