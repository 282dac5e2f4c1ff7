// The latest silent-ideation round (GET /api/workshops/{id}/ideation), as the
// server lets me see it: before the reveal, only my own cards and how many
// cards and authors there are. There is no push for rounds, so the room asks:
// once on load and whenever the phase or the lock changes, and every
// IDEATION_POLL_MS while a round could be open or is open, only while the
// page is visible, one request at a time.

import { useEffect, useRef, useState } from "preact/hooks";
import { fetchIdeation } from "./tree-api.js";

export const IDEATION_POLL_MS = 5000;
export const ROUND_OPEN = "open";
export const ROUND_REVEALED = "revealed";

/**
 * @typedef {object} IdeationState
 * @property {boolean} loaded
 * @property {{id: string, prompt: string, status: string, card_count: number, author_count: number}|null} round
 * @property {Array<{id: string, kind: string, text: string, author_id: string}>} cards
 * @property {() => Promise<void>} refresh ask now (after writing a card, opening or revealing)
 */

/**
 * Whether to keep asking: while a round is open, or while one could open
 * (the tree is open to participants, or locked, which a round ignores).
 * @param {{round: object|null}} state
 * @param {boolean} treeOpen
 * @returns {boolean}
 */
export const shouldPoll = (state, treeOpen) => treeOpen || Boolean(state.round && state.round.status === ROUND_OPEN);

/**
 * @param {string} workshopId
 * @param {{enabled: boolean, treeOpen: boolean, trigger: string}} options
 *   enabled: ask at all (not for observers); treeOpen: a round may open now;
 *   trigger: changes (phase, lock) that make it ask at once
 * @returns {IdeationState}
 */
export const useIdeation = (workshopId, { enabled, treeOpen, trigger }) => {
  const [state, setState] = useState({ loaded: false, round: null, cards: [] });
  const busy = useRef(null);
  const stateRef = useRef(state);
  stateRef.current = state;

  const refresh = () => {
    if (busy.current) return busy.current;
    busy.current = fetchIdeation(workshopId)
      .then((data) => {
        const round = data && data.round && typeof data.round === "object" ? data.round : null;
        const cards = data && Array.isArray(data.cards) ? data.cards : [];
        setState({ loaded: true, round, cards });
      })
      .catch(() => {
        // keep what we had; the next poll tries again
      })
      .finally(() => {
        busy.current = null;
      });
    return busy.current;
  };

  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    let timer = null;
    const visible = () => typeof document === "undefined" || document.visibilityState !== "hidden";
    const tick = async () => {
      timer = null;
      if (visible()) await refresh();
      if (live && shouldPoll(stateRef.current, treeOpen)) timer = setTimeout(tick, IDEATION_POLL_MS);
    };
    tick();
    const onVisibility = () => {
      if (!visible() || !live) return;
      if (timer !== null) clearTimeout(timer);
      tick();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [workshopId, enabled, treeOpen, trigger]);

  return { ...state, refresh };
};
