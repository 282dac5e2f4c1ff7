// No module of the front end polls: the room's authoritative state arrives
// over the live document (live-state.js) and pages ask for a resource again
// only when the server pushes a new version of it (docs/realtime.md).

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const SRC = new URL("../src/", import.meta.url).pathname;
const sources = readdirSync(SRC)
  .filter((name) => /\.(js|jsx)$/.test(name) && name !== "sw.js")
  .map((name) => ({ name, text: readFileSync(join(SRC, name), "utf8") }));

// The timers that repeat: the socket heartbeat (a query-awareness frame over
// an open WebSocket, never an HTTP request; docs/realtime.md, «Heartbeat»)
// and the countdown's clock (use-moderation.js `useNow`: it re-renders the
// seconds left from an instant already known, and reads nothing).
const REPEATING_ALLOWED = new Set(["room-connection.js", "use-moderation.js"]);

/** The body of the function named `name` declared in `text` (by brace matching), or "". */
const bodyOf = (text, name) => {
  const start = text.search(new RegExp(`(function\\s+${name}\\s*\\(|\\b${name}\\s*=\\s*(async\\s*)?(\\([^)]*\\)|\\w+)\\s*=>\\s*\\{)`));
  if (start < 0) return "";
  let depth = 0;
  for (let i = text.indexOf("{", start); i < text.length; i += 1) {
    if (text[i] === "{") depth += 1;
    else if (text[i] === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return "";
};

/** Why `text` polls, or "" when it does not. */
export const pollingIn = (name, text) => {
  if (/use-polled|usePolled/.test(text)) return "uses use-polled";
  if (/\b\w*_POLL_MS\b|\bintervalMs\b/.test(text)) return "declares a polling interval";
  if (/\bsetInterval\s*\(/.test(text) && !REPEATING_ALLOWED.has(name)) return "repeats a timer (setInterval)";
  for (const [, fn] of text.matchAll(/setTimeout\(\s*([A-Za-z_$][\w$]*)\s*,/g)) {
    if (new RegExp(`setTimeout\\(\\s*${fn}\\b`).test(bodyOf(text, fn).replace(/^[^{]*\{/, "")))
      return `reschedules itself (${fn})`;
  }
  if (/(for\s*\(\s*;\s*;\s*\)|while\s*\(\s*true\s*\))[\s\S]{0,600}setTimeout/.test(text)) return "waits in a loop";
  return "";
};

test("the detector finds each way of polling", () => {
  assert.match(pollingIn("x.js", 'import { usePolled } from "./use-polled.js";'), /use-polled/);
  assert.match(pollingIn("x.js", "const A_POLL_MS = 5000;"), /interval/);
  assert.match(pollingIn("x.js", "setInterval(() => refresh(), 1000);"), /setInterval/);
  assert.match(
    pollingIn("x.js", "const tick = async () => { await refresh(); timer = setTimeout(tick, 3000); };\ntimer = setTimeout(tick, 0);"),
    /reschedules itself/,
  );
  assert.match(pollingIn("x.js", "for (;;) { if (done()) return; await new Promise((r) => setTimeout(r, 50)); }"), /loop/);
  assert.equal(pollingIn("x.js", "const timer = setTimeout(() => setCopied(''), 4000);"), "");
  assert.equal(pollingIn("x.js", "const start = () => go(); timer = setTimeout(start, wait);"), "");
});

test("no module of static/src polls", () => {
  const polling = sources.map(({ name, text }) => [name, pollingIn(name, text)]).filter(([, why]) => why);
  assert.deepEqual(polling, []);
});

test("the pages' resources follow the live document", () => {
  const names = new Set(sources.map((s) => s.name));
  assert.ok(names.has("live-state.js") && names.has("use-live-resource.js"));
  assert.ok(!names.has("use-polled.js"));
});
