// The HTTP routes of the minuta (docs/minutes.md): attendance, amendments,
// the approval, the seal and corrections. Errors are api.js's ApiError,
// whose message is the server's, in Spanish.

import { requestJson } from "./api.js";

const base = (workshopId) => `/api/workshops/${encodeURIComponent(workshopId)}`;

/**
 * @typedef {{networkMessage?: string, signal?: AbortSignal}} RequestOptions
 */

/**
 * Confirms my attendance (one tap); `showName`: I agree to be named in the minutes.
 * @param {string} workshopId
 * @param {boolean} showName
 * @param {RequestOptions} [options]
 */
export const confirmAttendance = (workshopId, showName, options) =>
  requestJson("POST", `${base(workshopId)}/attendance/me`, { show_name: showName }, options);

/**
 * Proposes an amendment to a passage (participants who attended).
 * @param {string} workshopId
 * @param {{passage: string, text: string, reason: string}} body
 * @param {RequestOptions} [options]
 */
export const proposeAmendment = (workshopId, body, options) =>
  requestJson("POST", `${base(workshopId)}/minutes/amendments`, body, options);

/**
 * Accepts or rejects an amendment with a reason (facilitator).
 * @param {string} workshopId
 * @param {string} amendmentId
 * @param {"accepted"|"rejected"} decision
 * @param {string} reason
 * @param {RequestOptions} [options]
 */
export const answerAmendment = (workshopId, amendmentId, decision, reason, options) =>
  requestJson(
    "PUT",
    `${base(workshopId)}/minutes/amendments/${encodeURIComponent(amendmentId)}`,
    { decision, reason },
    options,
  );

/**
 * Regenerates the draft from the event log (facilitator, while a draft):
 * `{added, reworded, dropped, kept, changed, set_aside}`.
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const refreshDraft = (workshopId, options) =>
  requestJson("POST", `${base(workshopId)}/minutes/draft/refresh`, undefined, options);

/**
 * Opens the approval of the current version: a consent round of the attendees (facilitator).
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const openApproval = (workshopId, options) =>
  requestJson("POST", `${base(workshopId)}/minutes/approval`, undefined, options);

/**
 * Seals the approved version (facilitator): `{sha256, version, sealed_at}`.
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const sealMinutes = (workshopId, options) =>
  requestJson("POST", `${base(workshopId)}/minutes/seal`, undefined, options);

/**
 * Starts a correction of the sealed minutes: version n+1 (facilitator).
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const startCorrection = (workshopId, options) =>
  requestJson("POST", `${base(workshopId)}/minutes/corrections`, undefined, options);

/**
 * The public verification page of a digest.
 * @param {string} sha256
 */
export const verificationPath = (sha256) => `/verificar/${encodeURIComponent(sha256)}`;

/** The minuta's document formats (GET …/minutes/export/{format}; exporters/minuta_export.py). */
export const MINUTA_FORMATS = ["pdf", "docx", "odt", "html", "md"];

/**
 * The address of the minuta's document in a format, in the page's language.
 * @param {string} workshopId
 * @param {string} format
 * @param {string} lang
 */
export const minutaExportUrl = (workshopId, format, lang) =>
  `${base(workshopId)}/minutes/export/${encodeURIComponent(format)}?lang=${lang === "en" ? "en" : "es"}`;
