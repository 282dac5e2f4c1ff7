import assert from "node:assert/strict";
import { test } from "node:test";
import {
  METHOD_APPROVAL,
  METHOD_CONSENT,
  METHOD_DOTS,
  METHOD_FIST,
  METHOD_RANKED,
  METHOD_SCORE,
  addDot,
  ballotFromDraft,
  dotsRemaining,
  draftFromBallot,
  draftProblems,
  emptyDraft,
  isAbstention,
  moveRanked,
  removeDot,
  setRanked,
  setScore,
} from "../src/ballot-model.js";

const OPTIONS = ["a", "b", "c"];
const round = (method, config = {}) => ({ method, options: OPTIONS, config });

test("approval: the ballot lists approved options in the round's order", () => {
  const r = round(METHOD_APPROVAL);
  const draft = { ...emptyDraft(), approve: ["c", "a", "zz"] };
  assert.deepEqual(ballotFromDraft(r, draft), { approve: ["a", "c"] });
  assert.deepEqual(ballotFromDraft(r, emptyDraft()), { approve: [] });
  assert.deepEqual(draftFromBallot(r, { approve: ["b", "gone"] }).approve, ["b"]);
});

test("dots: the budget and the per-option limit bound the + button", () => {
  const r = round(METHOD_DOTS, { budget: 3, max_per_option: 2 });
  let draft = emptyDraft();
  draft = addDot(r, draft, "a");
  draft = addDot(r, draft, "a");
  assert.equal(addDot(r, draft, "a"), draft, "a third point on one option is refused");
  draft = addDot(r, draft, "b");
  assert.equal(dotsRemaining(r, draft), 0);
  assert.equal(addDot(r, draft, "c"), draft, "no points left");
  draft = removeDot(draft, "b");
  assert.equal(removeDot(draft, "c"), draft, "nothing to take back");
  assert.deepEqual(ballotFromDraft(r, draft), { dots: { a: 2 } });
  assert.deepEqual(draftProblems(r, draft), []);
  assert.deepEqual(draftProblems(r, { ...draft, dots: { a: 2, b: 2 } }), [{ code: "over_budget", option: null }]);
});

test("dots: without a config the server's default budget of 3 applies", () => {
  const r = round(METHOD_DOTS);
  let draft = emptyDraft();
  for (let i = 0; i < 5; i += 1) draft = addDot(r, draft, "c");
  assert.deepEqual(ballotFromDraft(r, draft), { dots: { c: 3 } });
});

test("score: only fully scored options are sent; a half-scored one is a problem", () => {
  const r = round(METHOD_SCORE, {
    criteria: [
      { id: "impact", label: "Impacto", weight: 2 },
      { id: "time", label: "Tiempo", weight: 1 },
    ],
    min: 0,
    max: 5,
  });
  let draft = emptyDraft();
  draft = setScore(draft, "a", "impact", 4);
  draft = setScore(draft, "a", "time", 0);
  draft = setScore(draft, "b", "impact", 3);
  assert.deepEqual(ballotFromDraft(r, draft), { scores: { a: { impact: 4, time: 0 } } });
  assert.deepEqual(draftProblems(r, draft), [{ code: "score_incomplete", option: "b" }]);
  draft = setScore(draft, "b", "impact", null);
  assert.deepEqual(draft.scores.b, undefined, "clearing the last criterion unscores the option");
  assert.deepEqual(draftProblems(r, draft), []);
  const back = draftFromBallot(r, { scores: { a: { impact: 4, time: 0 }, zz: { impact: 1 } } });
  assert.deepEqual(back.scores, { a: { impact: 4, time: 0 } });
});

test("ranked: up and down moves stay inside the list; unranked options are left out", () => {
  assert.deepEqual(moveRanked(["a", "b", "c"], 2, -1), ["a", "c", "b"]);
  assert.deepEqual(moveRanked(["a", "b", "c"], 0, 1), ["b", "a", "c"]);
  const same = ["a", "b"];
  assert.equal(moveRanked(same, 0, -1), same);
  assert.equal(moveRanked(same, 1, 1), same);
  assert.deepEqual(setRanked(["a"], "c", true), ["a", "c"]);
  assert.deepEqual(setRanked(["a", "c"], "a", false), ["c"]);
  const r = round(METHOD_RANKED, { rule: "schulze" });
  assert.deepEqual(ballotFromDraft(r, { ...emptyDraft(), ranking: ["c", "a"] }), { ranking: ["c", "a"] });
  assert.deepEqual(draftFromBallot(r, { ranking: ["c", "c", "x", "b"] }).ranking, ["c", "b"]);
});

test("consent: an objection needs a reason; a comment goes on another answer; unanswered options send nothing", () => {
  const r = round(METHOD_CONSENT);
  const draft = {
    ...emptyDraft(),
    consent: { a: "object", b: "can_live_with" },
    reasons: { a: "  ", c: "sin respuesta" },
    comments: { b: " Me preocupa el costo ", c: "sin respuesta" },
  };
  assert.deepEqual(draftProblems(r, draft), [{ code: "reason_needed", option: "a" }]);
  const fixed = { ...draft, reasons: { ...draft.reasons, a: "No hay presupuesto" } };
  assert.deepEqual(draftProblems(r, fixed), []);
  assert.deepEqual(ballotFromDraft(r, fixed), {
    consent: { a: "object", b: "can_live_with" },
    reasons: { a: "No hay presupuesto" },
    comments: { b: "Me preocupa el costo" },
  });
});

test("consent: an objection changed to «Puedo vivir con ello» does not send its reason", () => {
  const r = round(METHOD_CONSENT);
  const objecting = { ...emptyDraft(), consent: { a: "object" }, reasons: { a: "Sin presupuesto" } };
  const withdrawn = { ...objecting, consent: { a: "can_live_with" } };
  assert.deepEqual(ballotFromDraft(r, withdrawn), { consent: { a: "can_live_with" }, reasons: {}, comments: {} });
  // Objecting again brings the reason back.
  assert.deepEqual(ballotFromDraft(r, { ...withdrawn, consent: { a: "object" } }).reasons, { a: "Sin presupuesto" });
});

test("fist to five: 0 and 1 object and need a reason; 2 to 5 do not", () => {
  const r = round(METHOD_FIST);
  const draft = { ...emptyDraft(), fist: { a: 1, b: 2, c: 5 } };
  assert.deepEqual(draftProblems(r, draft), [{ code: "reason_needed", option: "a" }]);
  const back = draftFromBallot(r, { fist: { a: 0, b: 7, c: 3 }, reasons: { a: "Bloqueo" }, comments: { c: "Bien" } });
  assert.deepEqual(back.fist, { a: 0, c: 3 });
  assert.deepEqual(ballotFromDraft(r, back), { fist: { a: 0, c: 3 }, reasons: { a: "Bloqueo" }, comments: { c: "Bien" } });
});

test("an empty ballot is an abstention", () => {
  assert.equal(isAbstention({ approve: [] }), true);
  assert.equal(isAbstention({ consent: {}, reasons: {} }), true);
  assert.equal(isAbstention({ approve: ["a"] }), false);
  assert.equal(isAbstention(null), false);
});
