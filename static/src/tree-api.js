// The HTTP routes of the tree tools (see /openapi.json): the tree with its
// checks and objective suggestions, merge, lock, import, export links, the
// silent-ideation round and the member list. Errors are api.js's ApiError.

import { requestJson } from "./api.js";

const base = (workshopId) => `/api/workshops/${encodeURIComponent(workshopId)}`;

/** Formats of `GET …/tree/export/{format}`, in the order offered. */
export const EXPORT_FORMATS = ["svg", "png", "json"];

/**
 * The tree as the server reads it: `{nodes, edges, checks}`; each node has
 * `objective_role` and `suggested_objective`.
 * @param {string} workshopId
 * @param {{signal?: AbortSignal, networkMessage?: string}} [options]
 * @returns {Promise<any>}
 */
export const fetchTree = (workshopId, options) => requestJson("GET", `${base(workshopId)}/tree`, undefined, options);

/**
 * Merges `remove` into `keep` (facilitator).
 * @param {string} workshopId
 * @param {string} keep
 * @param {string} remove
 * @param {{networkMessage?: string}} [options]
 */
export const mergeNodes = (workshopId, keep, remove, options) =>
  requestJson("POST", `${base(workshopId)}/tree/merge`, { keep, remove }, options);

/**
 * Locks or unlocks the tree for participants (facilitator).
 * @param {string} workshopId
 * @param {boolean} locked
 * @param {{networkMessage?: string}} [options]
 */
export const setTreeLock = (workshopId, locked, options) =>
  requestJson("PUT", `${base(workshopId)}/locks/tree`, { locked }, options);

/**
 * Replaces the tree with a `cocrea.tree/1` file (facilitator).
 * @param {string} workshopId
 * @param {Blob} file
 * @param {{networkMessage?: string}} [options]
 */
export const importTree = (workshopId, file, options) =>
  requestJson("POST", `${base(workshopId)}/tree/import`, file, options);

/**
 * A plain link that downloads the tree (the session cookie authenticates it).
 * @param {string} workshopId
 * @param {string} format one of EXPORT_FORMATS
 * @param {string} lang labels of the picture: "es" or "en"
 * @returns {string}
 */
export const exportUrl = (workshopId, format, lang) =>
  `${base(workshopId)}/tree/export/${encodeURIComponent(format)}?lang=${encodeURIComponent(lang)}`;

/**
 * The latest silent-ideation round as I may see it: `{round, cards}`.
 * @param {string} workshopId
 * @param {{signal?: AbortSignal, networkMessage?: string}} [options]
 */
export const fetchIdeation = (workshopId, options) =>
  requestJson("GET", `${base(workshopId)}/ideation`, undefined, options);

/**
 * Opens a round (facilitator).
 * @param {string} workshopId
 * @param {string} prompt
 * @param {{networkMessage?: string}} [options]
 */
export const openIdeation = (workshopId, prompt, options) =>
  requestJson("POST", `${base(workshopId)}/ideation`, { prompt }, options);

/**
 * Writes one private card (participant).
 * @param {string} workshopId
 * @param {{text: string, kind: string}} card
 * @param {{networkMessage?: string}} [options]
 */
export const writeCard = (workshopId, card, options) =>
  requestJson("POST", `${base(workshopId)}/ideation/cards`, card, options);

/**
 * Reveals every card of the open round: they enter the tree (facilitator).
 * @param {string} workshopId
 * @param {{networkMessage?: string}} [options]
 */
export const revealIdeation = (workshopId, options) =>
  requestJson("POST", `${base(workshopId)}/ideation/reveal`, undefined, options);

/**
 * The workshop's members: `{participants: [{id, name, sector, role}]}`.
 * @param {string} workshopId
 * @param {{networkMessage?: string}} [options]
 */
export const fetchParticipants = (workshopId, options) =>
  requestJson("GET", `${base(workshopId)}/participants`, undefined, options);
