// A resource read over HTTP and asked for again when the server says it
// changed: on mount, whenever `key` changes, on demand (`refresh`), and each
// time the live document (live-state.js) pushes a new version of one of its
// `topics`; a push that arrives while the page is hidden is fetched when the
// page shows again. One request at a time, answers to an older key dropped.
// Nothing polls.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { coalescedRead } from "./latest-read.js";
import { useLiveRevision } from "./live-state.js";

/**
 * @template T
 * @typedef {object} LiveResource
 * @property {T|null} data the last answer (kept across failures)
 * @property {string} error the last failure's message, "" after a success
 * @property {boolean} loaded an answer arrived at least once for this key
 * @property {() => Promise<void>} refresh ask now
 * @property {(data: T) => void} set replace the data with an answer obtained elsewhere (a write's response)
 */

const NO_TOPICS = [];

/**
 * @template T
 * @param {() => Promise<T>} fetcher
 * @param {{key: string, workshopId?: string, topics?: string[], enabled?: boolean}} options
 *   topics: the live document's topics whose change makes it ask again (of `workshopId`)
 * @returns {LiveResource<T>}
 */
export const useLiveResource = (fetcher, { key, workshopId = "", topics = NO_TOPICS, enabled = true }) => {
  const [state, setState] = useState({ key, data: null, error: "", loaded: false });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const keyRef = useRef(key);
  keyRef.current = key;
  const revision = useLiveRevision(workshopId, topics);

  // One read at a time per key; asked again while reading (a change pushed,
  // the person's own save), it reads once more and the ask resolves once
  // that answer is in (latest-read.js).
  const refresh = useMemo(
    () =>
      coalescedRead(
        () => fetcherRef.current(),
        (data) => {
          if (keyRef.current === key) setState({ key, data, error: "", loaded: true });
        },
        (error) => {
          if (keyRef.current === key)
            setState((previous) => ({ ...previous, key, error: (error && error.message) || String(error) }));
        },
      ),
    [key],
  );
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  // On mount and for a new key: ask now.
  useEffect(() => {
    if (enabled) refresh();
  }, [key, enabled]);

  // A pushed change: ask now, or when the page shows again.
  const seen = useRef(revision);
  const stale = useRef(false);
  useEffect(() => {
    if (revision === seen.current) return;
    seen.current = revision;
    if (!enabled) return;
    if (typeof document !== "undefined" && document.visibilityState === "hidden") stale.current = true;
    else refresh();
  }, [revision, enabled]);
  useEffect(() => {
    const onVisibility = () => {
      if (!stale.current || document.visibilityState === "hidden") return;
      stale.current = false;
      if (enabled) refreshRef.current();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, [enabled]);

  const current = state.key === key ? state : { key, data: null, error: "", loaded: false };
  return {
    data: current.data,
    error: current.error,
    loaded: current.loaded,
    refresh,
    set: (data) => setState({ key: keyRef.current, data, error: "", loaded: true }),
  };
};
