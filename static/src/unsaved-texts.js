// Text a person typed that the server could not store (the document became
// read-only under them: a phase change, a lock by the facilitator, a status
// that closes a sheet). Kept in localStorage per workshop and participant
// until the person dismisses it, so it survives a reload; the room shows it in
// the «Texto no guardado» panel (document-status.jsx) with a copy button.

const EVENT = "cocrea-unsaved-texts";
const MAX_ENTRIES = 50;

/**
 * @typedef {object} UnsavedEntry
 * @property {string} id
 * @property {string} artifact which document (tree, alternatives, roadmap…)
 * @property {string} path where in it
 * @property {string} text the whole text as the person had it
 * @property {string[]} unsaved the parts the server never received
 * @property {number} at when it was set aside (ms since the epoch)
 * @property {{message?: string, phase?: string|null, locked?: boolean, writable?: boolean, deleted?: boolean}} reason
 *   why it could not be stored: the server's refusal message and its state when the copy was compared, or
 *   `deleted` when offline typing went into something deleted on the server meanwhile
 */

/** @param {string} workshopId @param {string} participantId */
export const unsavedKey = (workshopId, participantId) => `cocrea.unsaved.${workshopId}.${participantId}`;

/**
 * @param {string} key
 * @returns {UnsavedEntry[]}
 */
export const loadUnsaved = (key) => {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(key) || "[]");
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
};

const save = (key, entries) => {
  try {
    window.localStorage.setItem(key, JSON.stringify(entries.slice(-MAX_ENTRIES)));
  } catch {
    // storage full or disabled: the entries still show until the page closes
  }
  window.dispatchEvent(new CustomEvent(EVENT, { detail: { key, entries } }));
};

/**
 * Adds entries (from offline-journal.js `unstoredTexts`) for one document.
 * @param {string} key
 * @param {string} artifact
 * @param {import("./offline-journal.js").UnstoredText[]} texts
 * @param {UnsavedEntry["reason"]} reason
 */
export const addUnsaved = (key, artifact, texts, reason) => {
  if (texts.length === 0) return;
  const at = Date.now();
  const added = texts.map((item, index) => ({ id: `${at}-${index}-${artifact}`, artifact, at, reason, ...item }));
  save(key, [...loadUnsaved(key), ...added]);
};

/** @param {string} key @param {string} id */
export const dismissUnsaved = (key, id) => save(key, loadUnsaved(key).filter((entry) => entry.id !== id));

/**
 * Calls `listener` with the entries whenever they change (this tab or another).
 * @param {string} key
 * @param {(entries: UnsavedEntry[]) => void} listener
 * @returns {() => void} unsubscribe
 */
export const watchUnsaved = (key, listener) => {
  const local = (event) => event.detail.key === key && listener(event.detail.entries);
  const other = (event) => event.key === key && listener(loadUnsaved(key));
  window.addEventListener(EVENT, local);
  window.addEventListener("storage", other);
  return () => {
    window.removeEventListener(EVENT, local);
    window.removeEventListener("storage", other);
  };
};
