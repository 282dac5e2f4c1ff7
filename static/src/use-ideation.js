// The latest silent-ideation round (GET /api/workshops/{id}/ideation), as the
// server lets me see it: before the reveal, only my own cards and how many
// cards and authors there are. Asked for once on load, whenever the phase or
// the lock changes, and whenever the server pushes a new version of the
// `ideation` topic (a round opened, revealed, suspended: live-state.js); the
// counts arrive with the push itself, so a card written by someone else asks
// for nothing. Nothing polls.

import { useEffect, useRef, useState } from "preact/hooks";
import { LIVE_TOPIC_IDEATION } from "./document-schema.js";
import { useLiveRevision, useLiveState } from "./live-state.js";
import { fetchIdeation } from "./tree-api.js";

export const ROUND_OPEN = "open";
export const ROUND_REVEALED = "revealed";
const TOPICS = [LIVE_TOPIC_IDEATION];

/**
 * @typedef {object} IdeationState
 * @property {boolean} loaded
 * @property {{id: string, prompt: string, status: string, card_count: number, author_count: number}|null} round
 * @property {Array<{id: string, kind: string, text: string, author_id: string}>} cards
 * @property {() => Promise<void>} refresh ask now (after writing a card, opening or revealing)
 */

/**
 * The round with the counts the server pushed for it (the same round only).
 * @param {{id: string, card_count?: number, author_count?: number}|null} round
 * @param {{id?: string, card_count?: number, author_count?: number}|null} pushed
 */
export const withLiveCounts = (round, pushed) => {
  if (!round || !pushed || pushed.id !== round.id) return round;
  const counts = {};
  if (Number.isInteger(pushed.card_count)) counts.card_count = pushed.card_count;
  if (Number.isInteger(pushed.author_count)) counts.author_count = pushed.author_count;
  return { ...round, ...counts };
};

/**
 * @param {string} workshopId
 * @param {{enabled: boolean, treeOpen?: boolean, trigger: string}} options
 *   enabled: ask at all (not for observers); trigger: changes (phase, lock)
 *   that make it ask at once
 * @returns {IdeationState}
 */
export const useIdeation = (workshopId, { enabled, trigger }) => {
  const [state, setState] = useState({ loaded: false, round: null, cards: [] });
  const busy = useRef(null);
  const again = useRef(false);
  const revision = useLiveRevision(workshopId, TOPICS);
  const pushed = useLiveState(workshopId, LIVE_TOPIC_IDEATION);

  const refresh = () => {
    if (busy.current) {
      again.current = true;
      return busy.current;
    }
    again.current = false;
    busy.current = fetchIdeation(workshopId)
      .then((data) => {
        const round = data && data.round && typeof data.round === "object" ? data.round : null;
        const cards = data && Array.isArray(data.cards) ? data.cards : [];
        setState({ loaded: true, round, cards });
      })
      .catch(() => {
        // keep what we had; the next push asks again
      })
      .finally(() => {
        busy.current = null;
        if (again.current) refresh();
      });
    return busy.current;
  };

  useEffect(() => {
    if (enabled) refresh();
  }, [workshopId, enabled, trigger, revision]);

  return { ...state, round: withLiveCounts(state.round, pushed), refresh };
};
