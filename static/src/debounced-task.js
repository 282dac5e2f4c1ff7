// An async task run some time after the last of a burst of triggers (but not
// later than a maximum wait, so a busy room still gets answers), never twice
// at once: a trigger while it runs schedules one more run after it. Used to
// refetch the tree's checks after document changes.

/**
 * @typedef {object} Timers
 * @property {(fn: () => void, ms: number) => any} setTimeout
 * @property {(handle: any) => void} clearTimeout
 * @property {() => number} now
 */

/** @type {Timers} */
const REAL_TIMERS = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  now: () => Date.now(),
};

/**
 * @param {() => Promise<unknown>} run the task; its errors are the caller's to catch
 * @param {{delay: number, maxWait: number, timers?: Timers}} options
 * @returns {{trigger: () => void, runNow: () => void, destroy: () => void}}
 */
export const createDebouncedTask = (run, { delay, maxWait, timers = REAL_TIMERS }) => {
  let timer = null;
  let firstTrigger = null;
  let running = false;
  let again = false;
  let destroyed = false;

  const start = async () => {
    timer = null;
    firstTrigger = null;
    if (destroyed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await run();
    } catch {
      // the task reports its own failures
    } finally {
      running = false;
      if (again && !destroyed) {
        again = false;
        trigger();
      }
    }
  };

  const trigger = () => {
    if (destroyed) return;
    const now = timers.now();
    if (firstTrigger === null) firstTrigger = now;
    if (timer !== null) timers.clearTimeout(timer);
    const wait = Math.max(0, Math.min(delay, firstTrigger + maxWait - now));
    timer = timers.setTimeout(start, wait);
  };

  const runNow = () => {
    if (timer !== null) timers.clearTimeout(timer);
    start();
  };

  const destroy = () => {
    destroyed = true;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  return { trigger, runNow, destroy };
};
