import assert from "node:assert/strict";
import { test } from "node:test";
import {
  clockOffset,
  currentStep,
  formatClock,
  formatDuration,
  movedOrder,
  myPlace,
  timerRemaining,
  timerStage,
} from "../src/moderation-model.js";

test("the clock offset takes the request's midpoint", () => {
  const server = Date.parse("2026-12-07T10:00:05.000Z");
  // This page's clock is 5 s behind: sent at 09:59:59.9, answered at 10:00:00.1.
  const offset = clockOffset("2026-12-07T10:00:05.000Z", server - 5100, server - 4900);
  assert.equal(offset, 5000);
  assert.equal(clockOffset("not a time", 1, 2), 0);
});

test("two pages with different clocks show the same second", () => {
  const timer = { running: true, ends_at: "2026-12-07T10:05:00.000Z", remaining_seconds: 300 };
  const trueNow = Date.parse("2026-12-07T10:01:00.000Z");
  const fast = { now: trueNow + 42_000, offset: -42_000 };
  const slow = { now: trueNow - 7_000, offset: 7_000 };
  assert.equal(formatClock(timerRemaining(timer, fast.now, fast.offset)), "4:00");
  assert.equal(formatClock(timerRemaining(timer, slow.now, slow.offset)), "4:00");
});

test("a paused timer shows what was left; none is null; it never goes below zero", () => {
  assert.equal(timerRemaining({ running: false, ends_at: null, remaining_seconds: 12.5 }, 0, 0), 12.5);
  assert.equal(timerRemaining(null, 0, 0), null);
  const over = { running: true, ends_at: "2026-12-07T10:00:00.000Z", remaining_seconds: 0 };
  assert.equal(timerRemaining(over, Date.parse("2026-12-07T11:00:00Z"), 0), 0);
});

test("clock format and stages", () => {
  assert.equal(formatClock(0.2), "0:01");
  assert.equal(formatClock(65), "1:05");
  assert.equal(formatClock(3723), "1:02:03");
  assert.equal(timerStage(null), "none");
  assert.equal(timerStage(31), "normal");
  assert.equal(timerStage(30), "warning");
  assert.equal(timerStage(0), "done");
  assert.equal(formatDuration(200), "3 min 20 s");
  assert.equal(formatDuration(45), "45 s");
});

test("my place in the list and moving people", () => {
  const speakers = {
    current: { participant_id: "c" },
    waiting: [
      { participant_id: "a", kind: "contribution" },
      { participant_id: "b", kind: "reply" },
    ],
  };
  assert.deepEqual(myPlace(speakers, "b"), { speaking: false, position: 2, kind: "reply" });
  assert.deepEqual(myPlace(speakers, "c"), { speaking: true, position: 0, kind: null });
  assert.deepEqual(myPlace(null, "c"), { speaking: false, position: 0, kind: null });
  assert.deepEqual(movedOrder(speakers.waiting, "b", -1), ["b", "a"]);
  assert.equal(movedOrder(speakers.waiting, "a", -1), null);
  assert.equal(movedOrder(speakers.waiting, "zzz", 1), null);
});

test("the step in course counts on from the answer's server time", () => {
  const agenda = {
    current: "s2",
    steps: [
      { id: "s1", title: "A", planned_minutes: 10, actual_seconds: 0 },
      { id: "s2", title: "B", planned_minutes: 5, actual_seconds: 240 },
    ],
  };
  const serverTime = "2026-12-07T10:00:00.000Z";
  const now = Date.parse(serverTime) - 3000; // this page is 3 s behind
  const step = currentStep(agenda, serverTime, now + 90_000, 3000);
  assert.equal(step.title, "B");
  assert.equal(step.actual_minutes, 5);
  assert.equal(step.over, true);
  assert.equal(currentStep({ current: null, steps: [] }, serverTime, now, 0), null);
});
