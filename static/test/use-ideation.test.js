import assert from "node:assert/strict";
import { test } from "node:test";
import { withLiveCounts } from "../src/use-ideation.js";

test("the pushed counts of the same round replace the fetched ones, and only those", () => {
  const round = { id: "r1", status: "open", card_count: 1, author_count: 1 };
  assert.deepEqual(withLiveCounts(round, { id: "r1", card_count: 5, author_count: 3 }), {
    ...round,
    card_count: 5,
    author_count: 3,
  });
  assert.equal(withLiveCounts(round, { id: "r0", card_count: 5 }), round);
  assert.equal(withLiveCounts(round, null), round);
  assert.equal(withLiveCounts(null, { id: "r1", card_count: 5 }), null);
  assert.deepEqual(withLiveCounts(round, { id: "r1", card_count: "x" }), round);
});
