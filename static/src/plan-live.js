// A plan's live document (`ws://HOST/ws/plans/<plan id>/live`,
// docs/realtime.md «A plan's `live` document»): the workshop's live channel
// (live-state.js, one socket per page) for a Plan de Acción. The server bumps
// a topic after every change of the plan or its follow-up, whoever made it;
// the plan's pages read the topic's HTTP resource again, so the other
// editor's commitment and the responsable's report appear without reloading.
// The browser's cookie (`cocrea_p_<id>` or `cocrea_f_<id>`) says who reads;
// once the plan is published anyone may.

import { useEffect, useState } from "preact/hooks";
import {
  PLAN_LIVE_ROOM,
  PLAN_TOPIC_FOLLOW_UP,
  PLAN_TOPIC_HISTORY,
  PLAN_TOPIC_PLAN,
  PLAN_TOPIC_TEMPLATE,
} from "./document-schema.js";
import { openLive, useLiveRevision } from "./live-state.js";

/** What GET /api/plans/{id} answers: the details, commitments and template. */
export const PLAN_TOPICS = [PLAN_TOPIC_PLAN, PLAN_TOPIC_TEMPLATE];
/** What GET /api/plans/{id}/follow-up and the plan's history answer. */
export const FOLLOW_UP_TOPICS = [PLAN_TOPIC_FOLLOW_UP, PLAN_TOPIC_HISTORY];
/** Everything the follow-up page shows (the plan's commitments too). */
export const TRACKING_TOPICS = [PLAN_TOPIC_PLAN, PLAN_TOPIC_FOLLOW_UP, PLAN_TOPIC_HISTORY];

/**
 * The live channel's key of a plan (live-state.js names a channel by what
 * comes before `/live` in its room).
 * @param {string} planId
 */
export const planLiveKey = (planId) => `${PLAN_LIVE_ROOM}/${planId}`;

/**
 * The WebSocket base: the page's bootstrap `ws_url`, else this page's host.
 * @param {string} [url]
 */
export const socketBase = (url) => {
  if (url) return url;
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/ws`;
};

/**
 * Opens the plan's live channel while the calling component is mounted
 * (call it before reading any revision of it) and answers its key.
 * @param {string} url the WebSocket base (bootstrap `ws_url`)
 * @param {string} planId
 * @returns {string}
 */
export const usePlanLive = (url, planId) => {
  const key = planLiveKey(planId);
  const [close] = useState(() => (planId ? openLive(socketBase(url), key) : () => {}));
  useEffect(() => close, []);
  return key;
};

/**
 * Calls `refresh` each time one of `topics` changes on the server (also when
 * the page first hears the versions: a change may have come between its
 * first read and its connection).
 * @param {string} key from `usePlanLive`
 * @param {string[]} topics
 * @param {() => void} refresh
 * @returns {number} how many changes of them the page heard of
 */
export const usePlanRefresh = (key, topics, refresh) => {
  const revision = useLiveRevision(key, topics);
  useEffect(() => {
    if (revision > 0) refresh();
  }, [revision]);
  return revision;
};
