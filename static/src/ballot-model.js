// Ballots in the browser, one shape per voting method (docs/voting.md): the
// draft a participant edits, read from their current ballot (`my_ballot`),
// what is still wrong with it before sending, and the body of
// PUT …/rounds/{round}/ballot. The server validates again and has the last word.

export const METHOD_APPROVAL = "approval";
export const METHOD_DOTS = "dots";
export const METHOD_SCORE = "score";
export const METHOD_RANKED = "ranked";
export const METHOD_CONSENT = "consent";
export const METHOD_FIST = "fist_to_five";
export const METHODS = [METHOD_APPROVAL, METHOD_DOTS, METHOD_SCORE, METHOD_RANKED, METHOD_CONSENT, METHOD_FIST];
/** Methods whose rounds can end in consensus (one option is enough). */
export const CONSENT_METHODS = [METHOD_CONSENT, METHOD_FIST];

export const CONSENT_AGREE = "agree";
export const CONSENT_CAN_LIVE = "can_live_with";
export const CONSENT_OBJECT = "object";
export const CONSENT_RESPONSES = [CONSENT_AGREE, CONSENT_CAN_LIVE, CONSENT_OBJECT];

/** Fist to five: 0–1 object, 2 is reservations, 3–5 support. */
export const FIST_MAX = 5;
export const FIST_OBJECTION_MAX = 1;
export const FIST_RESERVATIONS = 2;
/** Server limit on a reason or comment (workshops/ballot.py). */
export const REASON_MAX = 1000;

const DOTS_BUDGET_DEFAULT = 3;

/**
 * @typedef {object} RoundLike
 * @property {string} method
 * @property {string[]} options alternative ids, in the order shown
 * @property {Record<string, any>} config the round's config as the server returns it
 */

/**
 * @typedef {object} Draft
 * @property {string[]} approve approval: approved options
 * @property {Record<string, number>} dots dots: points per option
 * @property {Record<string, Record<string, number|null>>} scores score: per option, per criterion
 * @property {string[]} ranking ranked: best first
 * @property {Record<string, string>} consent consent: response per option
 * @property {Record<string, number>} fist fist to five: fingers per option
 * @property {Record<string, string>} reasons consent and fist: the reason of an objection, per option
 * @property {Record<string, string>} comments consent and fist: a comment on another answer, per option
 */

/**
 * Budget and per-option limit of a dots round.
 * @param {RoundLike} round
 * @returns {{budget: number, max: number}}
 */
export const dotsLimits = (round) => {
  const config = round.config || {};
  const budget = Number.isInteger(config.budget) ? config.budget : DOTS_BUDGET_DEFAULT;
  const max = Number.isInteger(config.max_per_option) ? config.max_per_option : budget;
  return { budget, max };
};

/**
 * Criteria and scale of a score round.
 * @param {RoundLike} round
 * @returns {{criteria: Array<{id: string, label: string, weight: number}>, min: number, max: number}}
 */
export const scoreScale = (round) => {
  const config = round.config || {};
  return {
    criteria: Array.isArray(config.criteria) ? config.criteria : [],
    min: Number.isInteger(config.min) ? config.min : 0,
    max: Number.isInteger(config.max) ? config.max : 5,
  };
};

/**
 * An empty draft: an abstention if sent as it is.
 * @returns {Draft}
 */
export const emptyDraft = () => ({
  approve: [],
  dots: {},
  scores: {},
  ranking: [],
  consent: {},
  fist: {},
  reasons: {},
  comments: {},
});

const objectOf = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {});
const isInt = (value) => Number.isInteger(value);

/**
 * The draft that shows a ballot already cast (or an empty one), keeping only
 * what still fits the round.
 * @param {RoundLike} round
 * @param {Record<string, any>|null|undefined} ballot `my_ballot`
 * @returns {Draft}
 */
export const draftFromBallot = (round, ballot) => {
  const draft = emptyDraft();
  if (!ballot || typeof ballot !== "object") return draft;
  const options = round.options || [];
  const known = (id) => options.includes(id);
  if (Array.isArray(ballot.approve)) draft.approve = options.filter((id) => ballot.approve.includes(id));
  for (const [id, n] of Object.entries(objectOf(ballot.dots))) if (known(id) && isInt(n) && n > 0) draft.dots[id] = n;
  for (const [id, scores] of Object.entries(objectOf(ballot.scores))) {
    if (!known(id)) continue;
    draft.scores[id] = {};
    for (const [criterion, n] of Object.entries(objectOf(scores))) if (isInt(n)) draft.scores[id][criterion] = n;
  }
  if (Array.isArray(ballot.ranking)) draft.ranking = [...new Set(ballot.ranking.filter(known))];
  for (const [id, answer] of Object.entries(objectOf(ballot.consent)))
    if (known(id) && CONSENT_RESPONSES.includes(answer)) draft.consent[id] = answer;
  for (const [id, n] of Object.entries(objectOf(ballot.fist)))
    if (known(id) && isInt(n) && n >= 0 && n <= FIST_MAX) draft.fist[id] = n;
  // A reason only where the answer is an objection: a ballot cast before
  // reasons and comments were apart carried comments as reasons.
  for (const [id, text] of Object.entries(objectOf(ballot.reasons))) {
    if (!known(id) || typeof text !== "string") continue;
    if (isObjection(round.method, draft, id)) draft.reasons[id] = text;
    else draft.comments[id] = text;
  }
  for (const [id, text] of Object.entries(objectOf(ballot.comments)))
    if (known(id) && typeof text === "string") draft.comments[id] = text;
  return draft;
};

/**
 * Whether an answer on `option` is an objection (it then needs a reason).
 * @param {string} method
 * @param {Draft} draft
 * @param {string} option
 * @returns {boolean}
 */
export const isObjection = (method, draft, option) => {
  if (method === METHOD_CONSENT) return draft.consent[option] === CONSENT_OBJECT;
  if (method === METHOD_FIST) return isInt(draft.fist[option]) && draft.fist[option] <= FIST_OBJECTION_MAX;
  return false;
};

/**
 * Points given so far in a dots draft.
 * @param {Draft} draft
 * @returns {number}
 */
export const dotsSpent = (draft) => Object.values(draft.dots).reduce((sum, n) => sum + n, 0);

/**
 * Points still to give.
 * @param {RoundLike} round
 * @param {Draft} draft
 * @returns {number}
 */
export const dotsRemaining = (round, draft) => Math.max(0, dotsLimits(round).budget - dotsSpent(draft));

/**
 * Gives one more point to `option` when the budget and the per-option limit allow.
 * @param {RoundLike} round
 * @param {Draft} draft
 * @param {string} option
 * @returns {Draft} the same draft when nothing changes
 */
export const addDot = (round, draft, option) => {
  const { max } = dotsLimits(round);
  const current = draft.dots[option] || 0;
  if (current >= max || dotsRemaining(round, draft) <= 0) return draft;
  return { ...draft, dots: { ...draft.dots, [option]: current + 1 } };
};

/**
 * Takes one point back from `option`.
 * @param {Draft} draft
 * @param {string} option
 * @returns {Draft}
 */
export const removeDot = (draft, option) => {
  const current = draft.dots[option] || 0;
  if (current <= 0) return draft;
  const dots = { ...draft.dots, [option]: current - 1 };
  if (dots[option] === 0) delete dots[option];
  return { ...draft, dots };
};

/**
 * Moves the option at `index` of a ranking by `delta` places (−1 up, +1 down).
 * @param {string[]} ranking
 * @param {number} index
 * @param {number} delta
 * @returns {string[]} a new list (the same one when the move leaves the list)
 */
export const moveRanked = (ranking, index, delta) => {
  const target = index + delta;
  if (index < 0 || index >= ranking.length || target < 0 || target >= ranking.length) return ranking;
  const next = [...ranking];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
};

/**
 * Adds an option at the end of the ranking, or takes it out.
 * @param {string[]} ranking
 * @param {string} option
 * @param {boolean} ranked
 * @returns {string[]}
 */
export const setRanked = (ranking, option, ranked) => {
  if (ranked) return ranking.includes(option) ? ranking : [...ranking, option];
  return ranking.filter((id) => id !== option);
};

/**
 * Sets one criterion's score of an option (null clears it).
 * @param {Draft} draft
 * @param {string} option
 * @param {string} criterion
 * @param {number|null} value
 * @returns {Draft}
 */
export const setScore = (draft, option, criterion, value) => {
  const row = { ...(draft.scores[option] || {}) };
  if (value === null) delete row[criterion];
  else row[criterion] = value;
  const scores = { ...draft.scores, [option]: row };
  if (Object.keys(row).length === 0) delete scores[option];
  return { ...draft, scores };
};

/**
 * @typedef {object} DraftProblem
 * @property {string} code `reason_needed`, `score_incomplete` or `over_budget`
 * @property {string|null} option the option concerned
 */

/**
 * What the server would refuse in this draft, so the form can say it first.
 * @param {RoundLike} round
 * @param {Draft} draft
 * @returns {DraftProblem[]}
 */
export const draftProblems = (round, draft) => {
  const problems = [];
  if (round.method === METHOD_DOTS && dotsSpent(draft) > dotsLimits(round).budget)
    problems.push({ code: "over_budget", option: null });
  if (round.method === METHOD_SCORE) {
    const { criteria } = scoreScale(round);
    for (const option of round.options) {
      const row = draft.scores[option];
      if (!row) continue;
      const given = criteria.filter((c) => isInt(row[c.id])).length;
      if (given > 0 && given < criteria.length) problems.push({ code: "score_incomplete", option });
    }
  }
  if (CONSENT_METHODS.includes(round.method)) {
    for (const option of round.options) {
      if (isObjection(round.method, draft, option) && !(draft.reasons[option] || "").trim())
        problems.push({ code: "reason_needed", option });
    }
  }
  return problems;
};

/**
 * The texts of a consent or fist ballot: the reason of each objection and
 * the comment on each other answer. The reason typed for an objection that
 * was then changed to another answer is not sent (it is kept in the draft,
 * should the person object again).
 */
const textsFor = (round, draft, answered) => {
  const reasons = {};
  const comments = {};
  for (const option of round.options) {
    if (!answered(option)) continue;
    const objecting = isObjection(round.method, draft, option);
    const text = ((objecting ? draft.reasons : draft.comments)[option] || "").trim();
    if (text) (objecting ? reasons : comments)[option] = text.slice(0, REASON_MAX);
  }
  return { reasons, comments };
};

/**
 * The ballot to send for a draft. An empty ballot is an abstention.
 * @param {RoundLike} round
 * @param {Draft} draft
 * @returns {Record<string, unknown>}
 */
export const ballotFromDraft = (round, draft) => {
  const options = round.options;
  switch (round.method) {
    case METHOD_APPROVAL:
      return { approve: options.filter((id) => draft.approve.includes(id)) };
    case METHOD_DOTS: {
      const dots = {};
      for (const id of options) if (draft.dots[id] > 0) dots[id] = draft.dots[id];
      return { dots };
    }
    case METHOD_SCORE: {
      const { criteria } = scoreScale(round);
      const scores = {};
      for (const id of options) {
        const row = draft.scores[id] || {};
        if (criteria.length > 0 && criteria.every((c) => isInt(row[c.id])))
          scores[id] = Object.fromEntries(criteria.map((c) => [c.id, row[c.id]]));
      }
      return { scores };
    }
    case METHOD_RANKED:
      return { ranking: draft.ranking.filter((id) => options.includes(id)) };
    case METHOD_CONSENT: {
      const consent = {};
      for (const id of options) if (CONSENT_RESPONSES.includes(draft.consent[id])) consent[id] = draft.consent[id];
      return { consent, ...textsFor(round, draft, (id) => id in consent) };
    }
    case METHOD_FIST: {
      const fist = {};
      for (const id of options) if (isInt(draft.fist[id])) fist[id] = draft.fist[id];
      return { fist, ...textsFor(round, draft, (id) => id in fist) };
    }
    default:
      throw new Error(`unknown voting method: ${round.method}`);
  }
};

/**
 * Whether a ballot says nothing (an abstention that counts as participation).
 * @param {Record<string, any>|null|undefined} ballot
 * @returns {boolean}
 */
export const isAbstention = (ballot) => {
  if (!ballot) return false;
  return ["approve", "dots", "scores", "ranking", "consent", "fist"].every((key) => {
    const value = ballot[key];
    if (value === undefined) return true;
    return Array.isArray(value) ? value.length === 0 : Object.keys(objectOf(value)).length === 0;
  });
};
