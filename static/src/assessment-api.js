// The HTTP routes of the feasibility and viability review and of splitting
// an alternative (docs/voting.md, /openapi.json). Errors are api.js's
// ApiError, whose message is the server's, in Spanish.

import { requestJson } from "./api.js";

const base = (workshopId) => `/api/workshops/${encodeURIComponent(workshopId)}`;
const part = (id) => encodeURIComponent(id);

/**
 * @typedef {{networkMessage?: string, signal?: AbortSignal}} RequestOptions
 */

/**
 * The review: criteria, levels, every alternative's cells and summary, and
 * the criteria removed whose assessments stay in the record (`retired`).
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const getAssessment = (workshopId, options) =>
  requestJson("GET", `${base(workshopId)}/assessment`, undefined, options);

/**
 * Records the mesa's assessment of an alternative on one criterion (facilitator).
 * @param {string} workshopId
 * @param {string} alternativeId
 * @param {{criterion: string, level: string|null, note: string}} body
 * @param {RequestOptions} [options]
 */
export const putAssessment = (workshopId, alternativeId, body, options) =>
  requestJson("PUT", `${base(workshopId)}/alternatives/${part(alternativeId)}/assessment`, body, options);

/**
 * Replaces the workshop's criteria (facilitator): `{criteria: [{id?, label}]}`.
 * @param {string} workshopId
 * @param {{criteria: Array<{id?: string, label: string}>}} body
 * @param {RequestOptions} [options]
 */
export const putCriteria = (workshopId, body, options) =>
  requestJson("PUT", `${base(workshopId)}/assessment/criteria`, body, options);

/**
 * Splits an alternative into 2 to 10 new ones (facilitator):
 * `{alternatives: [the parts], original}`.
 * @param {string} workshopId
 * @param {string} alternativeId
 * @param {{parts: Array<{title: string, addresses: string[]}>, reason?: string}} body
 * @param {RequestOptions} [options]
 */
export const splitAlternative = (workshopId, alternativeId, body, options) =>
  requestJson("POST", `${base(workshopId)}/alternatives/${part(alternativeId)}/split`, body, options);
