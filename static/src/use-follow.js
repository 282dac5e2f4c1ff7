// «Follow the facilitator» on a page: each time the facilitator brings the
// room somewhere (a new `focus.seq` in the moderation state), this page goes
// there: a tab of the stage, or down to the tree. A person who then picks
// another tab has stepped away, and gets «Volver con la facilitación».

import { useEffect, useRef, useState } from "preact/hooks";

export const FOCUS_TREE = "tree";

const showTree = () => {
  const heading = typeof document !== "undefined" && document.getElementById("tree-heading");
  if (heading) heading.scrollIntoView({ block: "start" });
};

/**
 * @param {{target: string, seq: number}|null} focus
 * @param {{enabled: boolean, tab: string|null, onTab: (tab: string) => void}} options
 *   enabled: false for the facilitator, who leads
 * @returns {{away: boolean, back: () => void}}
 */
export const useFollow = (focus, { enabled, tab, onTab }) => {
  const [away, setAway] = useState(false);
  const applied = useRef(null);
  const go = (target) => (target === FOCUS_TREE ? showTree() : onTab(target));
  const seq = focus ? focus.seq : null;
  useEffect(() => {
    if (!enabled || !focus || applied.current === focus.seq) return;
    applied.current = focus.seq;
    setAway(false);
    go(focus.target);
  }, [enabled, seq]);
  useEffect(() => {
    if (!enabled || !focus || applied.current !== focus.seq || focus.target === FOCUS_TREE) return;
    setAway(tab !== focus.target);
  }, [tab]);
  return {
    away,
    back: () => {
      setAway(false);
      if (focus) go(focus.target);
    },
  };
};
