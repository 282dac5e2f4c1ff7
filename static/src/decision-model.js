// Which decisions a closed round supports, as the server decides them
// (workshops/decision.py): consensus only from a consent or fist-to-five
// round with consensus on that alternative (nobody objected); majority only
// for the winner of a round whose outcome is "decided". The form offers
// nothing else, and says why when there is nothing to offer.

import { CONSENT_METHODS } from "./ballot-model.js";
import { ROUND_CLOSED } from "./round-model.js";

export const KIND_CONSENSUS = "consensus";
export const KIND_MAJORITY = "majority";
export const DECISION_KINDS = [KIND_CONSENSUS, KIND_MAJORITY];

export const OUTCOME_DECIDED = "decided";
export const OUTCOME_TIE = "tie";
export const OUTCOME_NO_QUORUM = "no_quorum";
export const OUTCOME_NO_VOTES = "no_votes";
export const OUTCOME_NO_CONSENSUS = "no_consensus";
export const OUTCOMES = [OUTCOME_DECIDED, OUTCOME_TIE, OUTCOME_NO_QUORUM, OUTCOME_NO_VOTES, OUTCOME_NO_CONSENSUS];

/**
 * @typedef {{kind: string, alternativeId: string}} DecisionOffer
 */

/**
 * The decisions the facilitator may record from this round, leaving out
 * those already in the record (same round and alternative).
 * @param {{id: string, method: string, status: string, options: string[]}|null} round
 * @param {Record<string, any>|null} results the round's final results
 * @param {Array<{round_id: string, alternative_id: string}>} [decisions] the record
 * @returns {DecisionOffer[]}
 */
export const decisionOffers = (round, results, decisions = []) => {
  if (!round || round.status !== ROUND_CLOSED || !results) return [];
  const recorded = new Set(decisions.filter((d) => d.round_id === round.id).map((d) => d.alternative_id));
  const offers = [];
  if (CONSENT_METHODS.includes(round.method)) {
    const consensus = results.consensus && typeof results.consensus === "object" ? results.consensus : {};
    for (const id of round.options) if (consensus[id] === true) offers.push({ kind: KIND_CONSENSUS, alternativeId: id });
  }
  if (results.outcome === OUTCOME_DECIDED && typeof results.winner === "string" && round.options.includes(results.winner))
    offers.push({ kind: KIND_MAJORITY, alternativeId: results.winner });
  return offers.filter((offer) => !recorded.has(offer.alternativeId));
};

/**
 * Why a closed round offers no decision: `recorded` (every one it supports is
 * in the record), or its outcome (`tie`, `no_quorum`, `no_votes`, `no_consensus`).
 * @param {{id: string, status: string}|null} round
 * @param {Record<string, any>|null} results
 * @param {Array<{round_id: string}>} [decisions]
 * @returns {string|null} null when the round is not closed or offers something
 */
export const noOfferReason = (round, results, decisions = []) => {
  if (!round || round.status !== ROUND_CLOSED || !results) return null;
  if (decisionOffers(round, results, decisions).length > 0) return null;
  if (decisionOffers(round, results, []).length > 0 || decisions.some((d) => d.round_id === round.id)) return "recorded";
  return OUTCOMES.includes(results.outcome) && results.outcome !== OUTCOME_DECIDED ? results.outcome : OUTCOME_NO_CONSENSUS;
};
