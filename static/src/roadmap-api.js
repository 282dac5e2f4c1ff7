// The HTTP routes of the hoja de ruta (docs/realtime.md, /openapi.json): the
// server's view of one commitment's hoja de ruta with its agreement, the
// stateless live check of a draft, and the facilitator's agreement. Errors
// are api.js's ApiError, whose message is the server's, in Spanish.

import { requestJson } from "./api.js";

const base = (workshopId) => `/api/workshops/${encodeURIComponent(workshopId)}`;
const roadmapUrl = (workshopId, commitmentId) =>
  `${base(workshopId)}/commitments/${encodeURIComponent(commitmentId)}/roadmap`;

/**
 * `{commitment_id, draft, issues, agreed, agreed_matches_draft, term}` for one commitment.
 * @param {string} workshopId
 * @param {string} commitmentId
 * @param {import("./voting-api.js").RequestOptions} [options]
 */
export const getRoadmap = (workshopId, commitmentId, options) =>
  requestJson("GET", roadmapUrl(workshopId, commitmentId), undefined, options);

/**
 * The live check of a draft: `{issues: [{field, severity, message, rule}]}`;
 * a value of the wrong type is refused (422) with its field.
 * @param {string} workshopId
 * @param {Record<string, any>} draft see roadmap-model.js `draftFromMap`
 * @param {import("./voting-api.js").RequestOptions} [options]
 */
export const checkRoadmap = (workshopId, draft, options) =>
  requestJson("POST", `${base(workshopId)}/roadmap/check`, { roadmap: draft }, options);

/**
 * Records the mesa's agreement on the server's copy of the document
 * (facilitator): `{agreed, warnings}`; 422 while errors remain, 409 when that
 * same content is already agreed.
 * @param {string} workshopId
 * @param {string} commitmentId
 * @param {import("./voting-api.js").RequestOptions} [options]
 */
export const agreeRoadmap = (workshopId, commitmentId, options) =>
  requestJson("POST", `${roadmapUrl(workshopId, commitmentId)}/agree`, undefined, options);
