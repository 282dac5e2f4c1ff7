// The HTTP routes of the Plan de Acción (docs/plans.md, /openapi.json). The
// plan editor's cookie (cocrea_p_<id>) authenticates them; attaching a mesa's
// commitment also needs that mesa's facilitator cookie. Errors are api.js's
// ApiError, whose message is the server's, in Spanish.

import { ApiError, requestJson } from "./api.js";
import { DOCX_MEDIA_TYPE, LAYOUT_PLAN, planExportUrl } from "./plan-model.js";

const base = (planId) => `/api/plans/${encodeURIComponent(planId)}`;
const part = (id) => encodeURIComponent(id);

/**
 * @typedef {{networkMessage?: string, signal?: AbortSignal}} RequestOptions
 */

/**
 * Creates a plan (a mesa's facilitator): `{plan, editor_url}`; the answer
 * also gives this browser the plan's editor cookie.
 * @param {{workshop_id: string, entity: string, type: string, start: string, end: string, title?: string}} body
 * @param {RequestOptions} [options]
 */
export const createPlan = (body, options) => requestJson("POST", "/api/plans", body, options);

/**
 * The plans this browser edits: `[{id, title, entity}]`.
 * @param {RequestOptions} [options]
 */
export const listMyPlans = (options) => requestJson("GET", "/api/plans/mine", undefined, options);

/**
 * The plan with its `issues` and `template` (`{filename, uploaded_at}` or null).
 * @param {string} planId
 * @param {RequestOptions} [options]
 */
export const getPlan = (planId, options) => requestJson("GET", base(planId), undefined, options);

/**
 * Changes the plan's details (title, entity, type, guarantor, term, approval, Secretariado Técnico).
 * @param {string} planId
 * @param {Record<string, unknown>} body see plan-model.js `detailsRequest`
 * @param {RequestOptions} [options]
 */
export const updatePlan = (planId, body, options) => requestJson("PUT", base(planId), body, options);

/**
 * The plan's audit log, oldest first: `{events: [{seq, kind, payload, actor_id, created_at}]}`.
 * @param {string} planId
 * @param {RequestOptions} [options]
 */
export const getPlanEvents = (planId, options) => requestJson("GET", `${base(planId)}/events`, undefined, options);

/**
 * Adds a mesa's commitment to the plan, or refreshes its snapshot when it is
 * already there (its place is kept).
 * @param {string} planId
 * @param {{workshop_id: string, commitment_id: string, origin: string}} body
 * @param {RequestOptions} [options]
 */
export const attachCommitment = (planId, body, options) =>
  requestJson("POST", `${base(planId)}/commitments`, body, options);

/**
 * @param {string} planId
 * @param {string} commitmentId
 * @param {RequestOptions} [options]
 */
export const detachCommitment = (planId, commitmentId, options) =>
  requestJson("DELETE", `${base(planId)}/commitments/${part(commitmentId)}`, undefined, options);

/**
 * @param {string} planId
 * @param {string} commitmentId
 * @param {string} origin `co_creado` or `proactivo`
 * @param {RequestOptions} [options]
 */
export const setOrigin = (planId, commitmentId, origin, options) =>
  requestJson("PUT", `${base(planId)}/commitments/${part(commitmentId)}`, { origin }, options);

/**
 * @param {string} planId
 * @param {string[]} order every commitment of the plan once
 * @param {string[]} seen the order the page showed: someone else's move since is a 409 `edit_conflict`
 * @param {RequestOptions} [options]
 */
export const reorderCommitments = (planId, order, seen, options) =>
  requestJson("PUT", `${base(planId)}/order`, { order, base: seen }, options);

/**
 * The institution's template: where it downloads from.
 * @param {string} planId
 */
export const templateUrl = (planId) => `${base(planId)}/template`;

/**
 * Uploads a DOCX as the plan's template (its bytes as the body, its name in
 * `?filename=`); the server refuses a broken file with its reason.
 * @param {string} planId
 * @param {File} file
 * @param {RequestOptions} [options]
 */
export const uploadTemplate = (planId, file, options = {}) =>
  sendFile("PUT", `${templateUrl(planId)}?filename=${encodeURIComponent(file.name)}`, file, DOCX_MEDIA_TYPE, options);

/**
 * Imports a plan from its JSON document (`cocrea.plan/1`, as the JSON export
 * gives it) as a mesa's facilitator: `{plan, editor_url}`, like createPlan.
 * The server refuses a file that is not such a document, or a plan whose id
 * it already holds, with its reason.
 * @param {string} workshopId
 * @param {File} file
 * @param {RequestOptions} [options]
 */
export const importPlan = (workshopId, file, options = {}) =>
  sendFile("POST", `/api/plans/import?workshop_id=${encodeURIComponent(workshopId)}`, file, "application/json", options);

/** A file as a request's whole body; the answer as requestJson gives it. */
const sendFile = async (method, url, file, mediaType, options) => {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": mediaType },
      body: file,
      signal: options.signal,
    });
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", options.networkMessage || "Network error");
  }
  return answer(response);
};

/**
 * @param {string} planId
 * @param {RequestOptions} [options]
 */
export const deleteTemplate = (planId, options) => requestJson("DELETE", templateUrl(planId), undefined, options);

/**
 * The plan as its printable HTML document, for the preview.
 * @param {string} planId
 * @param {string} [layout] `plan` or `ogp`
 * @param {RequestOptions} [options]
 * @returns {Promise<string>}
 */
export const fetchPreview = async (planId, layout = LAYOUT_PLAN, options = {}) => {
  let response;
  try {
    response = await fetch(planExportUrl(planId, "html", layout), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: options.signal,
    });
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", options.networkMessage || "Network error");
  }
  if (!response.ok) await answer(response);
  return response.text();
};

/**
 * The mesa as its members see it (the room's plan form reads its entity).
 * @param {string} workshopId
 * @param {RequestOptions} [options]
 */
export const getWorkshop = (workshopId, options) =>
  requestJson("GET", `/api/workshops/${encodeURIComponent(workshopId)}`, undefined, options);

/** A response's JSON body, or the ApiError its error body describes. */
const answer = async (response) => {
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data;
  const error = data && typeof data === "object" && data.error ? data.error : {};
  throw new ApiError(
    response.status,
    String(error.code || response.status),
    String(error.message || `${response.status} ${response.statusText}`),
    typeof error.field === "string" ? error.field : null,
  );
};
