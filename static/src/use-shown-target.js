// "Show me these ideas", asked by the checks panel: each view brings them into
// sight its own way (`show`, which returns the ids it could show) and they
// stay marked for a while. Shared by the graph, the outline and the objectives.

import { useEffect, useRef, useState } from "preact/hooks";

/** How long the ideas a check points at stay marked. */
export const HIGHLIGHT_MS = 8000;

/**
 * @param {{ids: string[], serial: number}|undefined} target a new serial is a new request
 * @param {(ids: string[]) => string[]} show brings the ideas into sight; returns those it found
 * @returns {[Set<string>, () => void]} the marked ids, and a function that unmarks them
 */
export const useShownTarget = (target, show) => {
  const [marked, setMarked] = useState(() => new Set());
  const showRef = useRef(show);
  showRef.current = show;
  useEffect(() => {
    if (!target || target.serial === 0) return undefined;
    const ids = showRef.current(target.ids);
    if (!ids || ids.length === 0) return undefined;
    setMarked(new Set(ids));
    const timer = setTimeout(() => setMarked(new Set()), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [target && target.serial]);
  return [marked, () => setMarked((previous) => (previous.size ? new Set() : previous))];
};
