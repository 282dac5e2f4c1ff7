// The hoja de ruta's live side: one RoomConnection to `<id>/roadmap` while
// the tab is open (editable only when the server's awareness entry lists my
// role in `editable_by`, as for the tree and the alternatives), the chosen
// commitment's map re-read on every change (mine or anyone's), the live check
// of that draft a moment after each burst of changes, and the wait for the
// save barrier before the facilitator asks the server to record the agreement.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { createDebouncedTask } from "./debounced-task.js";
import { ARTIFACT_ROADMAP, AWARENESS_USER } from "./document-schema.js";
import { RoomConnection } from "./room-connection.js";
import { checkRoadmap } from "./roadmap-api.js";
import {
  CHECK_DELAY_MS,
  CHECK_MAX_WAIT_MS,
  draftFromMap,
  findRoadmap,
  issueFromError,
  roadmapsMap,
} from "./roadmap-model.js";

/** How long the agreement waits for local edits to be stored. */
export const SAVE_WAIT_MS = 10000;

/**
 * One RoomConnection to the roadmap document while the panel is open.
 * @param {string} wsUrl
 * @param {string} workshopId
 * @param {{participant_id: string, name: string, sector: string, role: string}} me
 * @returns {{state: import("./room-connection.js").RoomState|null, connection: RoomConnection|null}}
 */
export const useRoadmapDocument = (wsUrl, workshopId, me) => {
  const [state, setState] = useState(null);
  const [connection, setConnection] = useState(null);
  useEffect(() => {
    const localState = {
      [AWARENESS_USER]: { id: me.participant_id, name: me.name, sector: me.sector, role: me.role },
    };
    const room = new RoomConnection({ url: wsUrl, room: `${workshopId}/${ARTIFACT_ROADMAP}`, localState }, setState);
    setConnection(room);
    setState(room.state);
    return () => room.destroy();
  }, [wsUrl, workshopId]);
  return { state, connection };
};

/**
 * The commitment's hoja de ruta in the synced doc (null until the server has
 * created it) and its draft, both fresh after every change to it.
 * @param {import("yjs").Doc|null} doc
 * @param {string} commitmentId
 * @returns {{roadmap: import("yjs").Map<any>|null, draft: Record<string, any>|null, version: number}}
 */
export const useRoadmap = (doc, commitmentId) => {
  const [version, setVersion] = useState(0);
  const roadmap = doc && commitmentId ? findRoadmap(doc, commitmentId) : null;
  useEffect(() => {
    if (!doc) return undefined;
    // The root map says when the commitment's map arrives (or is replaced).
    const root = roadmapsMap(doc);
    const bump = () => setVersion((v) => v + 1);
    root.observe(bump);
    return () => root.unobserve(bump);
  }, [doc]);
  useEffect(() => {
    if (!roadmap) return undefined;
    const bump = () => setVersion((v) => v + 1);
    roadmap.observeDeep(bump);
    return () => roadmap.unobserveDeep(bump);
  }, [roadmap]);
  const draft = useMemo(() => (roadmap ? draftFromMap(roadmap) : null), [roadmap, version]);
  return { roadmap, draft, version };
};

/**
 * The server's live check of the draft, asked a moment after each burst of
 * changes; never in the way of typing. A refused check (a value of the wrong
 * type) becomes one error at its field.
 * @param {string} workshopId
 * @param {Record<string, any>|null} draft
 * @param {(key: string) => string} t
 * @returns {{issues: import("./roadmap-model.js").Issue[], checked: boolean, error: string, recheck: () => void}}
 */
export const useLiveCheck = (workshopId, draft, t) => {
  const [result, setResult] = useState({ issues: [], checked: false, error: "" });
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const task = useMemo(
    () =>
      createDebouncedTask(
        async () => {
          const sent = draftRef.current;
          if (!sent) return;
          try {
            const answer = await checkRoadmap(workshopId, sent, { networkMessage: t("error.network") });
            const issues = Array.isArray(answer && answer.issues) ? answer.issues : [];
            setResult({ issues, checked: true, error: "" });
          } catch (error) {
            if (error && error.status === 422) setResult({ issues: [issueFromError(error)], checked: true, error: "" });
            else setResult((previous) => ({ ...previous, error: (error && error.message) || String(error) }));
          }
        },
        { delay: CHECK_DELAY_MS, maxWait: CHECK_MAX_WAIT_MS },
      ),
    [workshopId],
  );
  useEffect(() => () => task.destroy(), [task]);
  useEffect(() => {
    if (draft) task.trigger();
  }, [draft, task]);
  return { ...result, recheck: task.runNow };
};

/**
 * Resolves true once every local edit of the shown document is durably
 * stored (the save barrier answered), false when the connection is down or
 * the wait runs out.
 * @param {RoomConnection|null} connection
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export const waitForSaved = (connection, timeoutMs = SAVE_WAIT_MS) =>
  new Promise((resolve) => {
    const session = connection && connection.state.session;
    if (!session || !session.saves || session.rejected) {
      resolve(false);
      return;
    }
    const saves = session.saves;
    let timer = null;
    const finish = (saved) => {
      saves.watchers.delete(check);
      if (timer !== null) clearTimeout(timer);
      resolve(saved);
    };
    // Asked again at each barrier answer, status change or edit: never polled.
    function check() {
      if (session.rejected || saves.destroyed) finish(false);
      else if (!saves.hasPendingChanges) finish(true);
      else if (!session.provider.wsconnected) finish(false);
    }
    saves.watchers.add(check);
    timer = setTimeout(() => finish(false), timeoutMs);
    check();
  });
