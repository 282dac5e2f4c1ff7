// Calls of the moderation routes (docs/moderation.md). Each answers the whole
// state; `timed` keeps when it was asked and answered, for the clock offset.

import { requestJson } from "./api.js";

const base = (workshopId) => `/api/workshops/${encodeURIComponent(workshopId)}`;

/**
 * @param {Promise<any>} request
 * @param {number} sentAt
 * @returns {Promise<{view: any, sentAt: number, receivedAt: number}>}
 */
const timed = async (request, sentAt) => {
  const view = await request;
  return { view, sentAt, receivedAt: Date.now() };
};

const call = (method, url, body, options) => timed(requestJson(method, url, body, options), Date.now());

export const getModeration = (workshopId, options) => call("GET", `${base(workshopId)}/moderation`, undefined, options);
export const startTimer = (workshopId, seconds, label, options) =>
  call("PUT", `${base(workshopId)}/timer`, { seconds, label }, options);
export const changeTimer = (workshopId, action, seconds, options) =>
  call("PUT", `${base(workshopId)}/timer`, seconds ? { action, seconds } : { action }, options);
export const stopTimer = (workshopId, options) => call("DELETE", `${base(workshopId)}/timer`, undefined, options);
export const raiseHand = (workshopId, kind, options) =>
  call("POST", `${base(workshopId)}/speakers`, { kind }, options);
export const lowerHand = (workshopId, options) => call("DELETE", `${base(workshopId)}/speakers/me`, undefined, options);
export const giveFloor = (workshopId, participantId, options) =>
  call("POST", `${base(workshopId)}/speakers/next`, participantId ? { participant_id: participantId } : {}, options);
export const stopSpeech = (workshopId, options) => call("POST", `${base(workshopId)}/speakers/stop`, {}, options);
export const reorderSpeakers = (workshopId, order, options) =>
  call("PUT", `${base(workshopId)}/speakers/order`, { order }, options);
export const setSpeakerRules = (workshopId, rules, options) =>
  call("PATCH", `${base(workshopId)}/speakers`, rules, options);
/** Replaces the steps; `baseRevision` is the agenda's revision the list was edited from (docs/api.md «Stale writes»). */
export const setAgenda = (workshopId, steps, baseRevision, options) =>
  call("PUT", `${base(workshopId)}/agenda`, { steps, base_revision: baseRevision }, options);
export const startStep = (workshopId, step, options) =>
  call("POST", `${base(workshopId)}/agenda/current`, step, options);
export const finishStep = (workshopId, options) =>
  call("DELETE", `${base(workshopId)}/agenda/current`, undefined, options);
export const parkTopic = (workshopId, text, options) => call("POST", `${base(workshopId)}/parking`, { text }, options);
/** Keeps or dismisses a topic; `baseStatus` is the status the page saw (docs/api.md «Stale writes»). */
export const decideTopic = (workshopId, topicId, status, reason, baseStatus, options) =>
  call(
    "PUT",
    `${base(workshopId)}/parking/${encodeURIComponent(topicId)}`,
    { status, reason, base_status: baseStatus },
    options,
  );
export const bringEveryone = (workshopId, target, options) =>
  call("PUT", `${base(workshopId)}/focus`, { target }, options);
export const showJoinCode = (workshopId, shown, options) =>
  call("PUT", `${base(workshopId)}/focus/join`, { shown }, options);
