// The room's moderation (agenda, timer, list of speakers, parking lot, follow
// target) for one page: read once, replaced by the answer of every change
// this page makes, and asked again each time the live document pushes a new
// version of its topic. `useNow` re-renders a running countdown; it reads no
// server.

import { useEffect, useState } from "preact/hooks";
import { LIVE_TOPIC_MODERATION } from "./document-schema.js";
import { useLiveRevision } from "./live-state.js";
import { getModeration } from "./moderation-api.js";
import { clockOffset } from "./moderation-model.js";

const TOPICS = [LIVE_TOPIC_MODERATION];

/**
 * @typedef {object} ModerationState
 * @property {any} view the last state the server answered (null before the first)
 * @property {number} offset the server's clock minus this page's, in ms
 * @property {string} error the last failure to read it
 * @property {() => Promise<void>} refresh
 * @property {(answer: {view: any, sentAt: number, receivedAt: number}) => void} apply
 */

/**
 * @param {string} workshopId
 * @param {string} networkMessage
 * @returns {ModerationState}
 */
export const useModeration = (workshopId, networkMessage) => {
  const [state, setState] = useState({ view: null, offset: 0, error: "" });
  const apply = ({ view, sentAt, receivedAt }) =>
    setState({ view, offset: clockOffset(view.server_time, sentAt, receivedAt), error: "" });
  const refresh = () =>
    getModeration(workshopId, { networkMessage })
      .then(apply)
      .catch((error) => setState((previous) => ({ ...previous, error: error.message })));
  const revision = useLiveRevision(workshopId, TOPICS);
  useEffect(() => {
    refresh();
  }, [workshopId, revision]);
  return { ...state, refresh, apply };
};

/**
 * Date.now(), re-read four times a second while `active` (a running timer).
 * @param {boolean} active
 */
export const useNow = (active) => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
};

/**
 * One change of the moderation at a time from a panel: busy while it runs,
 * the server's answer replaces the state, a refusal is kept to show (its
 * message, and the error itself for a panel that answers some codes apart).
 * @param {ModerationState} moderation
 * @param {(key: string) => string} t
 * @returns {{busy: boolean, error: string, refused: any, clear: () => void,
 *   act: (request: (options: object) => Promise<any>) => Promise<boolean>}}
 */
export const useModerationAction = (moderation, t) => {
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState(null);
  const act = async (request) => {
    setBusy(true);
    setRefused(null);
    try {
      moderation.apply(await request({ networkMessage: t("error.network") }));
      return true;
    } catch (err) {
      setRefused(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error: refused ? refused.message : "", refused, clear: () => setRefused(null), act };
};
