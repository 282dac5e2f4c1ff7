import assert from "node:assert/strict";
import { test } from "node:test";
import { ROUND_OPEN, ROUND_REVEALED, shouldPoll } from "../src/use-ideation.js";

test("the room polls for rounds while one could open or one is open, and only then", () => {
  assert.equal(shouldPoll({ round: null }, true), true);
  assert.equal(shouldPoll({ round: null }, false), false);
  assert.equal(shouldPoll({ round: { status: ROUND_OPEN } }, false), true);
  assert.equal(shouldPoll({ round: { status: ROUND_REVEALED } }, false), false);
});
