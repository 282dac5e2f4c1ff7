import assert from "node:assert/strict";
import { test } from "node:test";
import { decisionOffers, noOfferReason } from "../src/decision-model.js";

const closed = (method, options = ["a", "b"]) => ({ id: "r1", method, status: "closed", options });

test("an open round offers nothing", () => {
  const round = { ...closed("approval"), status: "open" };
  assert.deepEqual(decisionOffers(round, { outcome: "decided", winner: "a" }), []);
  assert.equal(noOfferReason(round, { outcome: "decided", winner: "a" }), null);
});

test("majority is offered for the winner of a decided round, and only for it", () => {
  const results = { outcome: "decided", winner: "b", totals: { a: 1, b: 2 } };
  assert.deepEqual(decisionOffers(closed("approval"), results), [{ kind: "majority", alternativeId: "b" }]);
  assert.deepEqual(decisionOffers(closed("ranked"), results), [{ kind: "majority", alternativeId: "b" }]);
});

test("a tie, no quorum or no votes offers no decision, and says why", () => {
  for (const outcome of ["tie", "no_quorum", "no_votes"]) {
    const results = { outcome, winner: null, tie: outcome === "tie" ? ["a", "b"] : null };
    assert.deepEqual(decisionOffers(closed("approval"), results), []);
    assert.equal(noOfferReason(closed("approval"), results), outcome);
  }
});

test("consensus only from a consent or fist round with consensus on the alternative", () => {
  const consent = { outcome: "decided", winner: "a", consensus: { a: true, b: false } };
  assert.deepEqual(decisionOffers(closed("consent"), consent), [
    { kind: "consensus", alternativeId: "a" },
    { kind: "majority", alternativeId: "a" },
  ]);
  // An approval round never offers consensus, even with a `consensus` field.
  assert.deepEqual(decisionOffers(closed("approval"), { ...consent }), [{ kind: "majority", alternativeId: "a" }]);
  const objected = { outcome: "no_consensus", winner: null, consensus: { a: false } };
  assert.deepEqual(decisionOffers(closed("fist_to_five", ["a"]), objected), []);
  assert.equal(noOfferReason(closed("fist_to_five", ["a"]), objected), "no_consensus");
});

test("decisions already in the record are not offered again", () => {
  const results = { outcome: "decided", winner: "a", consensus: { a: true, b: true } };
  const record = [{ round_id: "r1", alternative_id: "a" }, { round_id: "other", alternative_id: "b" }];
  assert.deepEqual(decisionOffers(closed("consent"), results, record), [{ kind: "consensus", alternativeId: "b" }]);
  const approval = { outcome: "decided", winner: "a" };
  assert.deepEqual(decisionOffers(closed("approval"), approval, record), []);
  assert.equal(noOfferReason(closed("approval"), approval, record), "recorded");
});
