// Voting rounds in the browser: the facilitator's form and the request it
// becomes (POST /api/workshops/{id}/rounds, docs/voting.md), with the
// server's defaults and the combinations it refuses; which round the room
// shows; and when to ask again.

import { CONSENT_METHODS, METHOD_APPROVAL, METHOD_DOTS, METHOD_RANKED, METHOD_SCORE } from "./ballot-model.js";

export const ROUND_OPEN = "open";
export const ROUND_CLOSED = "closed";

export const VISIBILITY_HIDDEN = "hidden_until_close";
export const VISIBILITY_LIVE = "live";
export const SECRECY_SECRET = "secret";
export const SECRECY_PUBLIC = "public";

export const RULE_SCHULZE = "schulze";
export const RULE_BORDA = "borda";
export const RANKED_RULES = [RULE_SCHULZE, RULE_BORDA];

/** Server defaults and limits (workshops/voting.py, voting_methods.py). */
export const DOTS_BUDGET_DEFAULT = 3;
export const DOTS_BUDGET_MAX = 100;
export const SCORE_MIN_DEFAULT = 0;
export const SCORE_MAX_DEFAULT = 5;
export const CRITERIA_MAX = 12;
export const QUESTION_MAX = 300;
export const WEIGHT_MAX = 1000;

/** The server's default criteria; their labels are in the locales (`criterion.<id>`). */
export const DEFAULT_CRITERIA_IDS = ["technical", "legal", "budgetary", "political", "impact", "time"];


/** Alternatives a round may offer: those still in discussion or adopted. */
export const VOTABLE_DISPOSITIONS = ["pending", "adopted"];

/**
 * @typedef {object} RoundForm
 * @property {string} method
 * @property {string[]} options alternative ids
 * @property {string} question
 * @property {string} visibility
 * @property {string} secrecy
 * @property {string} quorum digits, or "" for none
 * @property {boolean} everySector
 * @property {string} budget dots: points per person
 * @property {string} maxPerOption dots: most points on one option ("" = the budget)
 * @property {Array<{id: string, label: string, weight: string}>} criteria score
 * @property {string} scaleMin score
 * @property {string} scaleMax score
 * @property {string} rule ranked
 */

/**
 * A new form with the server's defaults.
 * @param {string[]} options the alternatives to offer (all votable ones)
 * @param {(id: string) => string} criterionLabel label of a default criterion
 * @returns {RoundForm}
 */
export const defaultRoundForm = (options, criterionLabel) => ({
  method: METHOD_APPROVAL,
  options: [...options],
  question: "",
  visibility: VISIBILITY_HIDDEN,
  secrecy: SECRECY_SECRET,
  quorum: "",
  everySector: false,
  budget: String(DOTS_BUDGET_DEFAULT),
  maxPerOption: "",
  criteria: DEFAULT_CRITERIA_IDS.map((id) => ({ id, label: criterionLabel(id), weight: "1" })),
  scaleMin: String(SCORE_MIN_DEFAULT),
  scaleMax: String(SCORE_MAX_DEFAULT),
  rule: RULE_SCHULZE,
});

const integer = (text) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN);
const number = (text) => (/^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN);

/**
 * The fewest options a method needs.
 * @param {string} method
 * @returns {number}
 */
export const fewestOptions = (method) => (CONSENT_METHODS.includes(method) ? 1 : 2);

/**
 * What the server would refuse in this form, as codes the form explains.
 * `secret_live` is the rule the server states: live results would reveal
 * each secret ballot as it arrives.
 * @param {RoundForm} form
 * @returns {string[]}
 */
export const roundFormProblems = (form) => {
  const problems = [];
  if (form.options.length < fewestOptions(form.method)) problems.push("too_few_options");
  if (form.visibility === VISIBILITY_LIVE && form.secrecy === SECRECY_SECRET) problems.push("secret_live");
  if (form.quorum.trim() !== "" && !(integer(form.quorum) >= 1)) problems.push("quorum");
  if (form.method === METHOD_DOTS) {
    const budget = integer(form.budget);
    const most = form.maxPerOption.trim() === "" ? budget : integer(form.maxPerOption);
    if (!(budget >= 1 && budget <= DOTS_BUDGET_MAX)) problems.push("budget");
    else if (!(most >= 1 && most <= budget)) problems.push("max_per_option");
  }
  if (form.method === METHOD_SCORE) {
    const low = integer(form.scaleMin);
    const high = integer(form.scaleMax);
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) problems.push("scale");
    const criteria = form.criteria.filter((c) => c.label.trim() !== "");
    if (criteria.length === 0 || criteria.length > CRITERIA_MAX) problems.push("criteria");
    if (criteria.some((c) => !(number(c.weight) > 0 && number(c.weight) <= WEIGHT_MAX))) problems.push("weight");
  }
  return problems;
};

/** A criterion id the server accepts, unique in the list. */
const criterionId = (criterion, index, taken) => {
  let id = /^[A-Za-z0-9_-]{1,40}$/.test(criterion.id || "") ? criterion.id : `c${index + 1}`;
  while (taken.has(id)) id = `${id}_`;
  taken.add(id);
  return id;
};

/**
 * The request body for POST …/rounds. Call it on a form without problems.
 * @param {RoundForm} form
 * @returns {Record<string, unknown>}
 */
export const buildRoundRequest = (form) => {
  const body = {
    method: form.method,
    options: [...form.options],
    visibility: form.visibility,
    secrecy: form.secrecy,
    require_every_sector: Boolean(form.everySector),
  };
  const question = form.question.trim();
  if (question) body.question = question.slice(0, QUESTION_MAX);
  if (form.quorum.trim() !== "") body.quorum = integer(form.quorum);
  if (form.method === METHOD_DOTS) {
    const budget = integer(form.budget);
    body.config = {
      budget,
      max_per_option: form.maxPerOption.trim() === "" ? budget : integer(form.maxPerOption),
    };
  } else if (form.method === METHOD_SCORE) {
    const taken = new Set();
    body.config = {
      criteria: form.criteria
        .filter((c) => c.label.trim() !== "")
        .map((c, index) => ({ id: criterionId(c, index, taken), label: c.label.trim(), weight: number(c.weight) })),
      min: integer(form.scaleMin),
      max: integer(form.scaleMax),
    };
  } else if (form.method === METHOD_RANKED) {
    body.config = { rule: form.rule };
  }
  return body;
};

/**
 * Alternatives a round may offer.
 * @param {Array<{id: string, disposition: string}>} alternatives
 * @returns {Array<{id: string, disposition: string}>}
 */
export const votableAlternatives = (alternatives) =>
  alternatives.filter((a) => VOTABLE_DISPOSITIONS.includes(a.disposition));

/**
 * The round the room shows: the open one, else the latest one.
 * @param {Array<{id: string, status: string, opened_at: string}>} rounds
 * @returns {{id: string, status: string, opened_at: string}|null}
 */
export const currentRound = (rounds) => {
  if (!Array.isArray(rounds) || rounds.length === 0) return null;
  const open = rounds.find((round) => round.status === ROUND_OPEN);
  if (open) return open;
  return rounds.reduce((latest, round) => (String(round.opened_at) >= String(latest.opened_at) ? round : latest));
};
