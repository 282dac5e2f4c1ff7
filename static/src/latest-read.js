// A page's reads of one resource, where only the newest answer counts: the
// person's own change and a pushed change (plan-live.js) may both ask for the
// plan at once, and an older answer arriving last must not replace a newer
// one. A superseded read resolves only once the newer answer is applied, so
// its caller goes on (e.g. to focus the moved commitment's button) with the
// page already showing the fresh state.

/**
 * @template T
 * @param {() => Promise<T>} read
 * @param {(data: T) => void} apply
 * @param {(error: any) => void} fail
 * @returns {() => Promise<void>}
 */
export const latestRead = (read, apply, fail) => {
  let asked = 0;
  /** @type {Promise<void>|null} */
  let newest = null;
  const reload = () => {
    const ticket = ++asked;
    const run = (async () => {
      let data;
      try {
        data = await read();
      } catch (err) {
        if (ticket === asked) fail(err);
        else await newest;
        return;
      }
      if (ticket === asked) apply(data);
      else await newest;
    })();
    newest = run;
    return run;
  };
  return reload;
};

/**
 * A resource read at most once at a time (use-live-resource.js): asked for
 * again while a read is on its way (a change pushed, the person's own save),
 * it reads once more after that one, whatever the number of asks, and every
 * such ask resolves only once that later answer is applied: the answer on its
 * way may predate the change the caller is waiting to see.
 * @template T
 * @param {() => Promise<T>} read
 * @param {(data: T) => void} apply
 * @param {(error: any) => void} fail
 * @returns {() => Promise<void>}
 */
export const coalescedRead = (read, apply, fail) => {
  /** @type {Promise<void>|null} */
  let inFlight = null;
  /** @type {Promise<void>|null} */
  let queued = null;
  const start = () => {
    const run = (async () => {
      let data;
      try {
        data = await read();
      } catch (err) {
        fail(err);
        return;
      }
      apply(data);
    })();
    inFlight = run;
    // Registered before any queued ask's callback, so it runs first.
    run.then(() => {
      if (inFlight === run) inFlight = null;
    });
    return run;
  };
  return () => {
    if (!inFlight) return start();
    if (!queued) {
      queued = inFlight.then(() => {
        queued = null;
        return start();
      });
    }
    return queued;
  };
};
