// Names of the people a tree mentions (authors of ideas, authors of merged
// ideas) who are not in the room right now: presence only knows who is here,
// so the member list (GET /api/workshops/{id}/participants) is fetched when an
// unknown id shows up, at most once every MIN_INTERVAL_MS.

import { useEffect, useRef, useState } from "preact/hooks";
import { fetchParticipants } from "./tree-api.js";

const MIN_INTERVAL_MS = 15000;

/**
 * @param {string} workshopId
 * @param {Map<string, string>} present participant id → name, from presence
 * @param {string[]} wanted ids the tree names
 * @returns {Map<string, string>} present names, completed with the member list
 */
export const useMemberNames = (workshopId, present, wanted) => {
  const [members, setMembers] = useState(() => new Map());
  const last = useRef({ at: -Infinity, busy: false });
  const missing = wanted.filter((id) => !present.has(id) && !members.has(id));
  const key = missing.sort().join(" ");

  useEffect(() => {
    if (!key || last.current.busy) return undefined;
    let live = true;
    const wait = Math.max(0, last.current.at + MIN_INTERVAL_MS - Date.now());
    const timer = setTimeout(async () => {
      last.current = { at: Date.now(), busy: true };
      try {
        const data = await fetchParticipants(workshopId);
        const list = data && Array.isArray(data.participants) ? data.participants : [];
        if (live)
          setMembers(new Map(list.filter((p) => p && typeof p.id === "string").map((p) => [p.id, String(p.name)])));
      } catch {
        // names stay unknown; the ideas still show
      } finally {
        last.current = { ...last.current, busy: false };
      }
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [workshopId, key]);

  if (members.size === 0) return present;
  const names = new Map(members);
  for (const [id, name] of present) names.set(id, name);
  return names;
};
