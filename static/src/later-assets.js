// What the room's first screen does not need, fetched with the first chunk
// that does: later.css (the graph editor, the later phases' panels, the plan,
// the projector) and the rest of the interface's messages
// (messages-later-<lang>-<hash>.js, which adds itself to
// `self.__cocreaMessages`, the object every translator reads). room.html
// names both on the room's script (`data-later-style`,
// `data-later-messages`); a page without them (every other page links them
// itself) waits for nothing. A phone opening the tree downloads neither.

let pending = null;

/** Appends a stylesheet or a script; settles when it has loaded or failed. */
const append = (tag, url) =>
  new Promise((resolve) => {
    const element = document.createElement(tag);
    element.onload = () => resolve(true);
    element.onerror = () => resolve(false);
    if (tag === "link") {
      element.rel = "stylesheet";
      element.href = url;
    } else {
      element.src = url;
    }
    document.head.appendChild(element);
  });

/**
 * Loads later.css and the later messages once per page.
 * @returns {Promise<void>} settles when both have loaded (or failed: the
 *   chunk still shows, and the next call tries again)
 */
export const loadLaterAssets = () => {
  if (pending) return pending;
  const script = document.querySelector("script[data-later-style]");
  if (!script) return Promise.resolve();
  const { laterStyle, laterMessages } = script.dataset;
  pending = Promise.all([append("link", laterStyle), append("script", laterMessages)]).then((loaded) => {
    if (!loaded.every(Boolean)) pending = null;
  });
  return pending;
};

/**
 * A chunk's loader that resolves once the later assets are there too.
 * @template T
 * @param {() => Promise<T>} loader `() => import("./chunk.jsx")`
 * @returns {() => Promise<T>}
 */
export const withLaterAssets = (loader) => () =>
  Promise.all([loader(), loadLaterAssets()]).then(([module]) => module);
