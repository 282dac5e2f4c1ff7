// Chunks loaded on demand (esbuild splits every dynamic import()): the graph
// editor, the objectives view, the facilitator's tools, the ideation panel.
// A module loads once per page; every component that wants it shares it.

import { useEffect, useState } from "preact/hooks";

const loaded = new Map();

/**
 * Loads `loader()` the first time `wanted` is true.
 * @template T
 * @param {string} key names the chunk in the page-wide cache
 * @param {() => Promise<T>} loader `() => import("./chunk.jsx")`
 * @param {boolean} wanted
 * @returns {{module: T|null, failed: boolean}}
 */
export const useLazyModule = (key, loader, wanted) => {
  const [module, setModule] = useState(() => loaded.get(key) || null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!wanted || module) return undefined;
    let live = true;
    setFailed(false);
    loader()
      .then((result) => {
        loaded.set(key, result);
        if (live) setModule(result);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [wanted, module]);
  return { module, failed };
};
