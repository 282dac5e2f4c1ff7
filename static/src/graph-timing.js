// Timings of the graph for bench/browser_layout.py. They are recorded only when
// the page sets `window.__cocreaMeasure = true` before the app starts (the
// benchmark's init script does; nothing else does), as arrays of milliseconds
// on `window`, so normal use pays one property read.

/** @returns {boolean} whether this page records timings */
export const measuring = () => typeof window !== "undefined" && window.__cocreaMeasure === true;

/**
 * Appends a duration to `window[name]`.
 * @param {string} name
 * @param {number} ms
 */
export const record = (name, ms) => {
  const list = window[name] || (window[name] = []);
  list.push(ms);
};

/**
 * Runs `fn`, recording how long it took under `name` when measuring.
 * @template T
 * @param {string} name
 * @param {() => T} fn
 * @returns {T}
 */
export const timed = (name, fn) => {
  if (!measuring()) return fn();
  const start = performance.now();
  const result = fn();
  record(name, performance.now() - start);
  return result;
};
