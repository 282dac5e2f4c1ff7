// What every page script needs from the server-rendered shell: the bootstrap
// JSON embedded by the Jinja template and the element to render into.

/**
 * Reads the `<script id="bootstrap" type="application/json">` payload, with
 * the interface's messages: those of the page's language come as their own
 * cached script (`dist/messages-<lang>-<hash>.js`, loaded by base.html before
 * the page's module), which sets `self.__cocreaMessages`.
 * @returns {Record<string, any>}
 */
export const readBootstrap = () => {
  const messages = (typeof self !== "undefined" && self.__cocreaMessages) || {};
  const element = document.getElementById("bootstrap");
  if (!element) return { messages };
  try {
    const data = JSON.parse(element.textContent || "{}");
    return { messages, ...data };
  } catch {
    return { messages };
  }
};

/**
 * The element the page's UI renders into (`<main id="app">` in base.html).
 * @returns {HTMLElement}
 */
export const getMountPoint = () => {
  const element = document.getElementById("app");
  if (!element) throw new Error("base.html must contain an element with id=app");
  element.textContent = "";
  return element;
};

/**
 * Moves focus to the field a server error is about (error.field).
 * @param {string|undefined} id element id
 */
export const focusField = (id) => {
  const element = id ? document.getElementById(id) : null;
  if (element) element.focus();
};
