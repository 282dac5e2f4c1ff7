// The browser's copy of one shared document for one person (IndexedDB, via
// y-indexeddb): it mirrors the live Y.Doc, so edits made offline survive a
// reload, and it is what the room shows while the server cannot be reached.
// It is never connected to the server itself. Once a fresh doc has synced,
// RoomConnection compares the two: what the copy holds and the server lacks
// is applied to the live doc when the person may still write it, and is
// otherwise turned into "unsaved text" (unsaved-texts.js) and the copy starts
// over from the server's state (docs/frontend.md, «Offline»).

import { IndexeddbPersistence, clearDocument } from "y-indexeddb";
import * as Y from "yjs";

/** How long opening or clearing the browser's copy may take before we go on without it. */
const JOURNAL_TIMEOUT_MS = 3000;

const withTimeout = (promise, ms) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

/**
 * The IndexedDB name of one person's copy of one document.
 * @param {string} participantId
 * @param {string} room `<workshop id>/<artifact>`
 */
export const journalName = (participantId, room) => `cocrea:${participantId}:${room}`;

/**
 * Opens (or creates) a copy; resolves with null when IndexedDB is unavailable.
 * @param {string} name
 * @returns {Promise<{doc: Y.Doc, persistence: IndexeddbPersistence}|null>}
 */
export const openJournal = async (name) => {
  if (typeof indexedDB === "undefined") return null;
  const doc = new Y.Doc();
  try {
    const persistence = new IndexeddbPersistence(name, doc);
    await withTimeout(persistence.whenSynced, JOURNAL_TIMEOUT_MS);
    return { doc, persistence };
  } catch {
    doc.destroy();
    return null;
  }
};

/**
 * Forgets a copy and starts a new one holding `state` (the server's).
 * @param {{doc: Y.Doc, persistence: IndexeddbPersistence}} journal
 * @param {string} name
 * @param {Uint8Array} state
 */
export const resetJournal = async (journal, name, state) => {
  try {
    await withTimeout(
      journal.persistence.destroy().then(() => clearDocument(name)),
      JOURNAL_TIMEOUT_MS,
    );
  } catch {
    // Another tab keeps it open: go on without a copy rather than resend it later.
    journal.doc.destroy();
    return null;
  }
  journal.doc.destroy();
  const next = await openJournal(name);
  if (next) Y.applyUpdate(next.doc, state);
  return next;
};

/**
 * Resolves once every write the copy had queued when it was called is in
 * IndexedDB (y-indexeddb queues one transaction per update and says nothing
 * when it commits). A read of the same store cannot start before the writes
 * created ahead of it have finished. Resolves false when it cannot tell.
 * @param {{persistence: IndexeddbPersistence}} journal
 * @returns {Promise<boolean>}
 */
export const whenStored = (journal) =>
  new Promise((resolve) => {
    const db = journal.persistence.db;
    if (!db) {
      resolve(false);
      return;
    }
    try {
      const tx = db.transaction(["updates"], "readonly");
      tx.objectStore("updates").count();
      tx.oncomplete = () => resolve(true);
      tx.onabort = () => resolve(false);
    } catch {
      resolve(false);
    }
  });

/** Whether a doc holds anything at all. */
export const isEmptyDoc = (doc) => doc.store.clients.size === 0;

/**
 * Whether applying `update` would change `doc` (new content or deletions).
 * @param {Y.Doc} doc
 * @param {Uint8Array} update
 */
export const wouldChange = (doc, update) => {
  const decoded = Y.decodeUpdate(update);
  if (decoded.structs.length > 0) return true;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; clock += 1) {
        if (!Y.isDeleted(deleted, { client, clock })) return true;
      }
    }
  }
  return false;
};

/**
 * @typedef {object} UnstoredText
 * @property {string} path where the text lives in the document, e.g. `nodes/<id>/text`
 * @property {string} text the whole text as this browser had it
 * @property {string[]} unsaved the runs of it the server never received, in order
 */

/**
 * The texts of `local` holding characters that `server` never received, one
 * entry per text field. Works on any document shape: maps and arrays are
 * walked, every run of characters is checked against the server's state vector.
 * @param {Y.Doc} local
 * @param {Y.Doc} server
 * @returns {UnstoredText[]}
 */
export const unstoredTexts = (local, server) => {
  const known = Y.decodeStateVector(Y.encodeStateVector(server));
  /** @type {UnstoredText[]} */
  const found = [];
  const walk = (type, path) => {
    for (const [key, item] of type._map) {
      if (!item.deleted && item.content instanceof Y.ContentType) walk(item.content.type, `${path}/${key}`);
    }
    let text = "";
    let isText = false;
    const runs = [];
    let run = "";
    let index = 0;
    for (let item = type._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      if (item.content instanceof Y.ContentString) {
        isText = true;
        const str = item.content.str;
        const covered = Math.max(0, Math.min(str.length, (known.get(item.id.client) || 0) - item.id.clock));
        text += str;
        if (covered > 0 && run) {
          runs.push(run);
          run = "";
        }
        run += str.slice(covered);
      } else if (item.content instanceof Y.ContentType) {
        walk(item.content.type, `${path}/${index}`);
      }
      if (item.countable) index += item.length;
    }
    if (run) runs.push(run);
    if (isText && runs.length > 0) found.push({ path: path.replace(/^\//, ""), text, unsaved: runs });
  };
  for (const [name, type] of local.share) walk(type, `/${name}`);
  return found;
};

/**
 * The text at `path` (as `unstoredTexts` names it) in `doc`, or null when it
 * is not there any more (its node was deleted meanwhile).
 * @param {Y.Doc} doc
 * @param {string} path
 * @returns {string|null}
 */
export const textAt = (doc, path) => {
  const [name, ...keys] = path.split("/");
  let type = doc.share.get(name);
  for (const key of keys) {
    if (!type) return null;
    let item = type._map.get(key);
    if (!item && /^\d+$/.test(key)) {
      let index = Number(key);
      for (item = type._start; item !== null; item = item.right) {
        if (item.deleted || !item.countable) continue;
        if (index < item.length) break;
        index -= item.length;
      }
    }
    type = item && !item.deleted && item.content instanceof Y.ContentType ? item.content.type : null;
  }
  return type ? type.toString() : null;
};

/**
 * Of the texts the server lacked, those a merge could not place: their field
 * was deleted on the server meanwhile, so the typing would not show anywhere.
 * @param {Y.Doc} doc the live doc, after the merge
 * @param {UnstoredText[]} texts
 * @returns {UnstoredText[]}
 */
export const lostInMerge = (doc, texts) =>
  texts.filter((item) => {
    const now = textAt(doc, item.path);
    return now === null || !item.unsaved.every((run) => now.includes(run));
  });
