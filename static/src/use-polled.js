// A resource read over HTTP and asked for again while it may change: on
// mount, whenever `key` changes, on demand (`refresh`), and every
// `intervalMs` while that is set and the page is visible; one request at a
// time, answers to an older key dropped. The room has no push for server
// state (rounds, ballots, decisions), so this is how it stays current.

import { useEffect, useRef, useState } from "preact/hooks";

/**
 * @template T
 * @typedef {object} Polled
 * @property {T|null} data the last answer (kept across failures)
 * @property {string} error the last failure's message, "" after a success
 * @property {boolean} loaded an answer arrived at least once for this key
 * @property {() => Promise<void>} refresh ask now
 * @property {(data: T) => void} set replace the data with an answer obtained elsewhere (a write's response)
 */

/**
 * @template T
 * @param {() => Promise<T>} fetcher
 * @param {{key: string, enabled?: boolean, intervalMs?: number|null}} options
 * @returns {Polled<T>}
 */
export const usePolled = (fetcher, { key, enabled = true, intervalMs = null }) => {
  const [state, setState] = useState({ key, data: null, error: "", loaded: false });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const keyRef = useRef(key);
  keyRef.current = key;
  const busy = useRef(null);

  const refresh = () => {
    if (busy.current && busy.current.key === keyRef.current) return busy.current.promise;
    const asked = keyRef.current;
    const promise = fetcherRef
      .current()
      .then((data) => {
        if (keyRef.current === asked) setState({ key: asked, data, error: "", loaded: true });
      })
      .catch((error) => {
        if (keyRef.current === asked)
          setState((previous) => ({ ...previous, key: asked, error: (error && error.message) || String(error) }));
      })
      .finally(() => {
        if (busy.current && busy.current.promise === promise) busy.current = null;
      });
    busy.current = { key: asked, promise };
    return promise;
  };

  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    let timer = null;
    const visible = () => typeof document === "undefined" || document.visibilityState !== "hidden";
    const tick = async () => {
      timer = null;
      if (visible()) await refresh();
      if (live && intervalMs) timer = setTimeout(tick, intervalMs);
    };
    tick();
    const onVisibility = () => {
      if (!live || !visible() || !intervalMs) return;
      if (timer !== null) clearTimeout(timer);
      tick();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [key, enabled, intervalMs]);

  const current = state.key === key ? state : { key, data: null, error: "", loaded: false };
  return {
    data: current.data,
    error: current.error,
    loaded: current.loaded,
    refresh,
    set: (data) => setState({ key: keyRef.current, data, error: "", loaded: true }),
  };
};
