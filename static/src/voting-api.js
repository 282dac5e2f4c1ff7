// The HTTP routes of alternatives, voting rounds, decisions and commitments
// (docs/voting.md, /openapi.json). Errors are api.js's ApiError, whose
// message is the server's, in Spanish.

import { requestJson } from "./api.js";

const base = (workshopId) => `/api/workshops/${encodeURIComponent(workshopId)}`;
const part = (id) => encodeURIComponent(id);

/**
 * @typedef {{networkMessage?: string, signal?: AbortSignal}} RequestOptions
 */

/**
 * Every alternative with its live title and description, what it addresses,
 * its authors and its disposition: `{alternatives: [...]}`.
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const listAlternatives = (workshopId, options) =>
  requestJson("GET", `${base(workshopId)}/alternatives`, undefined, options);

/**
 * Proposes an alternative (participants and facilitator, phase «alternativas»).
 * @param {string} workshopId
 * @param {{title: string, addresses: string[], description?: string}} body
 * @param {RequestOptions} [options]
 */
export const proposeAlternative = (workshopId, body, options) =>
  requestJson("POST", `${base(workshopId)}/alternatives`, body, options);

/**
 * Records the reasoned response to an alternative (facilitator).
 * @param {string} workshopId
 * @param {string} alternativeId
 * @param {{disposition: string, reason: string, merged_into?: string}} body
 * @param {RequestOptions} [options]
 */
export const setDisposition = (workshopId, alternativeId, body, options) =>
  requestJson("PUT", `${base(workshopId)}/alternatives/${part(alternativeId)}/disposition`, body, options);

/**
 * Every round, oldest first, with its status: `{rounds: [...]}`.
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const listRounds = (workshopId, options) => requestJson("GET", `${base(workshopId)}/rounds`, undefined, options);

/**
 * One round as I may see it: my ballot, participation, results when visible.
 * @param {string} workshopId
 * @param {string} roundId
 * @param {RequestOptions} [options]
 */
export const getRound = (workshopId, roundId, options) =>
  requestJson("GET", `${base(workshopId)}/rounds/${part(roundId)}`, undefined, options);

/**
 * Opens a round (facilitator).
 * @param {string} workshopId
 * @param {Record<string, unknown>} body see round-model.js `buildRoundRequest`
 * @param {RequestOptions} [options]
 */
export const openRound = (workshopId, body, options) => requestJson("POST", `${base(workshopId)}/rounds`, body, options);

/**
 * Casts (or replaces) my ballot (participants).
 * @param {string} workshopId
 * @param {string} roundId
 * @param {Record<string, unknown>} ballot see ballot-model.js `ballotFromDraft`
 * @param {RequestOptions} [options]
 */
export const castBallot = (workshopId, roundId, ballot, options) =>
  requestJson("PUT", `${base(workshopId)}/rounds/${part(roundId)}/ballot`, ballot, options);

/**
 * Closes a round and returns it with its final results (facilitator).
 * @param {string} workshopId
 * @param {string} roundId
 * @param {RequestOptions} [options]
 */
export const closeRound = (workshopId, roundId, options) =>
  requestJson("POST", `${base(workshopId)}/rounds/${part(roundId)}/close`, undefined, options);

/**
 * The decision record, oldest first: `{decisions: [...]}`.
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const listDecisions = (workshopId, options) =>
  requestJson("GET", `${base(workshopId)}/decisions`, undefined, options);

/**
 * The mesa's minutes (relatoría), oldest first, in Spanish: `{minutes: [{at, text}]}`.
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const getMinutes = (workshopId, options) => requestJson("GET", `${base(workshopId)}/minutes`, undefined, options);

/**
 * Records a decision from a closed round (facilitator).
 * @param {string} workshopId
 * @param {{round_id: string, kind: string, alternative_id: string, note?: string}} body
 * @param {RequestOptions} [options]
 */
export const recordDecision = (workshopId, body, options) =>
  requestJson("POST", `${base(workshopId)}/decisions`, body, options);

/**
 * Every commitment with its sheet, status and missing fields: `{commitments: [...]}`.
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const listCommitments = (workshopId, options) =>
  requestJson("GET", `${base(workshopId)}/commitments`, undefined, options);

/**
 * Changes some fields of a commitment's sheet.
 * @param {string} workshopId
 * @param {string} commitmentId
 * @param {Record<string, unknown>} fields
 * @param {RequestOptions} [options]
 */
export const updateCommitment = (workshopId, commitmentId, fields, options) =>
  requestJson("PUT", `${base(workshopId)}/commitments/${part(commitmentId)}`, fields, options);

/**
 * Moves a commitment to its next status (facilitator).
 * @param {string} workshopId
 * @param {string} commitmentId
 * @param {string} status `en_revision` or `definitivo`
 * @param {RequestOptions} [options]
 */
export const advanceCommitment = (workshopId, commitmentId, status, options) =>
  requestJson("POST", `${base(workshopId)}/commitments/${part(commitmentId)}/status`, { status }, options);
