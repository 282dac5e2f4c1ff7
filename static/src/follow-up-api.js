// The HTTP routes of a plan's follow-up (docs/follow-up.md, /openapi.json).
// On the plan page the editor's cookie authenticates them; on the follow-up
// page a link's token goes as `Authorization: Bearer` (api.js setBearer).
// Errors are api.js's ApiError, whose message is the server's.

import { requestJson } from "./api.js";

const base = (planId) => `/api/plans/${encodeURIComponent(planId)}`;
const part = (id) => encodeURIComponent(id);
const activityPath = (planId, commitmentId, activityId) =>
  `${base(planId)}/commitments/${part(commitmentId)}/activities/${part(activityId)}`;

/** @typedef {{networkMessage?: string, signal?: AbortSignal}} RequestOptions */

/** Publishes the plan: `{public_url, published_at}`. */
export const publishPlan = (planId, options) => requestJson("POST", `${base(planId)}/publish`, {}, options);

/** The caller's follow-up: statuses, progress, due soon, late, reviews, history (the editor: links). */
export const getFollowUp = (planId, options) => requestJson("GET", `${base(planId)}/follow-up`, undefined, options);

/** A reporter link: `{reporter_url, token, link_id}`. */
export const createReporter = (planId, commitmentId, body, options) =>
  requestJson("POST", `${base(planId)}/commitments/${part(commitmentId)}/reporters`, body, options);

/** The organismo garante's link: `{verifier_url, token, link_id}`. */
export const createVerifier = (planId, body, options) =>
  requestJson("POST", `${base(planId)}/verifiers`, body, options);

/**
 * Reports an activity: status, note, links and evidence files (multipart).
 * @param {{status: string, note: string, links: string[], files: File[]}} report
 */
export const postUpdate = (planId, commitmentId, activityId, report, options) => {
  const form = new FormData();
  form.append("status", report.status);
  form.append("note", report.note);
  for (const link of report.links) form.append("links", link);
  for (const file of report.files) form.append("evidence", file, file.name);
  return requestJson("POST", `${activityPath(planId, commitmentId, activityId)}/updates`, form, options);
};

/** Verifies (`verificada`) or returns (`devuelta`, with a reason) an activity. */
export const verifyActivity = (planId, commitmentId, activityId, body, options) =>
  requestJson("PUT", `${activityPath(planId, commitmentId, activityId)}/verification`, body, options);

/** Records an indicator's value for a period: `{period, value, note}`. */
export const recordMeasurement = (planId, commitmentId, indicatorId, body, options) =>
  requestJson(
    "POST",
    `${base(planId)}/commitments/${part(commitmentId)}/indicators/${part(indicatorId)}/measurements`,
    body,
    options,
  );

/** Records the six-month monitoring or the final evaluation. */
export const recordReview = (planId, body, options) => requestJson("POST", `${base(planId)}/reviews`, body, options);
