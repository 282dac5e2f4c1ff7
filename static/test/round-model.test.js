import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DEFAULT_CRITERIA_IDS,
  SECRECY_PUBLIC,
  VISIBILITY_LIVE,
  buildRoundRequest,
  currentRound,
  defaultRoundForm,
  roundFormProblems,
  votableAlternatives,
} from "../src/round-model.js";

const form = (patch = {}) => ({ ...defaultRoundForm(["a", "b"], (id) => `L-${id}`), ...patch });

test("the default form is a secret approval round, results at the close", () => {
  const f = form();
  assert.deepEqual(roundFormProblems(f), []);
  assert.deepEqual(buildRoundRequest(f), {
    method: "approval",
    options: ["a", "b"],
    visibility: "hidden_until_close",
    secrecy: "secret",
    require_every_sector: false,
  });
});

test("a secret round cannot show live results, as the server says", () => {
  assert.deepEqual(roundFormProblems(form({ visibility: VISIBILITY_LIVE })), ["secret_live"]);
  assert.deepEqual(roundFormProblems(form({ visibility: VISIBILITY_LIVE, secrecy: SECRECY_PUBLIC })), []);
});

test("consent rounds need one option, the others two", () => {
  assert.deepEqual(roundFormProblems(form({ options: ["a"] })), ["too_few_options"]);
  assert.deepEqual(roundFormProblems(form({ method: "consent", options: ["a"] })), []);
  assert.deepEqual(roundFormProblems(form({ method: "fist_to_five", options: [] })), ["too_few_options"]);
});

test("quorum, question and the every-sector rule go in the request", () => {
  const body = buildRoundRequest(form({ quorum: " 5 ", question: "  ¿Cuál adoptamos? ", everySector: true }));
  assert.equal(body.quorum, 5);
  assert.equal(body.question, "¿Cuál adoptamos?");
  assert.equal(body.require_every_sector, true);
  assert.deepEqual(roundFormProblems(form({ quorum: "0" })), ["quorum"]);
  assert.deepEqual(roundFormProblems(form({ quorum: "dos" })), ["quorum"]);
});

test("dots: the per-option limit defaults to the budget and may not exceed it", () => {
  assert.deepEqual(buildRoundRequest(form({ method: "dots" })).config, { budget: 3, max_per_option: 3 });
  assert.deepEqual(buildRoundRequest(form({ method: "dots", budget: "5", maxPerOption: "2" })).config, {
    budget: 5,
    max_per_option: 2,
  });
  assert.deepEqual(roundFormProblems(form({ method: "dots", budget: "3", maxPerOption: "4" })), ["max_per_option"]);
  assert.deepEqual(roundFormProblems(form({ method: "dots", budget: "0" })), ["budget"]);
});

test("score: the six default criteria with weight 1 on a 0–5 scale; blank criteria are dropped", () => {
  const f = form({ method: "score" });
  const body = buildRoundRequest(f);
  assert.deepEqual(
    body.config.criteria.map((c) => c.id),
    DEFAULT_CRITERIA_IDS,
  );
  assert.equal(body.config.criteria[0].label, "L-technical");
  assert.deepEqual([body.config.min, body.config.max], [0, 5]);
  const edited = form({
    method: "score",
    criteria: [
      { id: "impact", label: "Impacto", weight: "2.5" },
      { id: "", label: "Costo social", weight: "1" },
      { id: "", label: "   ", weight: "1" },
    ],
  });
  assert.deepEqual(buildRoundRequest(edited).config.criteria, [
    { id: "impact", label: "Impacto", weight: 2.5 },
    { id: "c2", label: "Costo social", weight: 1 },
  ]);
  assert.deepEqual(roundFormProblems({ ...edited, criteria: [{ id: "x", label: "X", weight: "0" }] }), ["weight"]);
  assert.deepEqual(roundFormProblems(form({ method: "score", scaleMin: "5", scaleMax: "5" })), ["scale"]);
  assert.deepEqual(roundFormProblems(form({ method: "score", criteria: [] })), ["criteria"]);
});

test("ranked: the rule goes in the config", () => {
  assert.deepEqual(buildRoundRequest(form({ method: "ranked", rule: "borda" })).config, { rule: "borda" });
});

test("the room shows the open round, else the latest", () => {
  assert.equal(currentRound([]), null);
  const rounds = [
    { id: "r1", status: "closed", opened_at: "2025-05-01T10:00:00+00:00" },
    { id: "r3", status: "closed", opened_at: "2025-05-01T12:00:00+00:00" },
    { id: "r2", status: "closed", opened_at: "2025-05-01T11:00:00+00:00" },
  ];
  assert.equal(currentRound(rounds).id, "r3");
  assert.equal(currentRound([...rounds, { id: "r4", status: "open", opened_at: "2025-05-01T09:00:00+00:00" }]).id, "r4");
});

test("only pending and adopted alternatives can be voted on", () => {
  const list = [
    { id: "a", disposition: "pending" },
    { id: "b", disposition: "merged" },
    { id: "c", disposition: "adopted" },
    { id: "d", disposition: "not_adopted" },
  ];
  assert.deepEqual(
    votableAlternatives(list).map((a) => a.id),
    ["a", "c"],
  );
});
