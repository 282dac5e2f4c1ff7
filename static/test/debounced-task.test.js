import assert from "node:assert/strict";
import { test } from "node:test";
import { createDebouncedTask } from "../src/debounced-task.js";

/** Timers driven by the test: `advance(ms)` runs what falls due, in order. */
const fakeTimers = () => {
  let now = 0;
  let next = 1;
  const pending = new Map();
  return {
    setTimeout: (fn, ms) => {
      pending.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (id) => pending.delete(id),
    now: () => now,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = end;
    },
  };
};

test("a burst of triggers runs the task once, after the quiet delay", async () => {
  const timers = fakeTimers();
  let runs = 0;
  const task = createDebouncedTask(async () => (runs += 1), { delay: 800, maxWait: 4000, timers });
  for (let i = 0; i < 5; i += 1) {
    task.trigger();
    await timers.advance(300);
  }
  assert.equal(runs, 0);
  await timers.advance(800);
  assert.equal(runs, 1);
});

test("steady changes still get an answer by the maximum wait", async () => {
  const timers = fakeTimers();
  const times = [];
  const task = createDebouncedTask(async () => times.push(timers.now()), { delay: 800, maxWait: 2000, timers });
  for (let i = 0; i < 20; i += 1) {
    task.trigger();
    await timers.advance(200);
  }
  assert.ok(times.length >= 1);
  assert.equal(times[0], 2000);
});

test("a trigger while the task runs schedules exactly one more run", async () => {
  const timers = fakeTimers();
  let runs = 0;
  let finish = null;
  const task = createDebouncedTask(
    () => {
      runs += 1;
      return new Promise((resolve) => (finish = resolve));
    },
    { delay: 100, maxWait: 1000, timers },
  );
  task.runNow();
  assert.equal(runs, 1);
  task.trigger();
  await timers.advance(150);
  task.trigger();
  await timers.advance(150);
  assert.equal(runs, 1, "never two at once");
  finish();
  await new Promise((resolve) => setImmediate(resolve));
  await timers.advance(150);
  assert.equal(runs, 2);
  finish();
  await new Promise((resolve) => setImmediate(resolve));
  await timers.advance(1000);
  assert.equal(runs, 2);
});

test("a failing task does not stop later runs; destroy stops everything", async () => {
  const timers = fakeTimers();
  let runs = 0;
  const task = createDebouncedTask(
    async () => {
      runs += 1;
      throw new Error("network");
    },
    { delay: 100, maxWait: 1000, timers },
  );
  task.trigger();
  await timers.advance(100);
  task.trigger();
  await timers.advance(100);
  assert.equal(runs, 2);
  task.trigger();
  task.destroy();
  await timers.advance(1000);
  assert.equal(runs, 2);
});
