// "Guardado" indicator. y-websocket 3 has no write acknowledgements, so the
// client sends a save barrier after local edits, [MESSAGE_SAVE_BARRIER][varuint n],
// and the server echoes n once everything it received before the barrier on
// this connection is durably stored (docs/realtime.md).

import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MESSAGE_SAVE_BARRIER } from "./document-schema.js";

/** Save states shown to the user. */
export const SAVE_SAVED = "saved";
export const SAVE_SAVING = "saving";
export const SAVE_UNSAVED = "unsaved";
/** Not on the server yet, but kept in this browser (offline-journal.js). */
export const SAVE_LOCAL = "local";

/**
 * The i18n key of a save state.
 * @param {string} save one of the SAVE_* values
 */
export const saveKey = (save) => `save.${save}`;

/** Debounce between the last local edit and its barrier, in ms. */
export const SAVE_DEBOUNCE_MS = 100;

/**
 * Encodes a save barrier frame.
 * @param {number} n
 * @returns {Uint8Array}
 */
export const encodeSaveBarrier = (n) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SAVE_BARRIER);
  encoding.writeVarUint(encoder, n);
  return encoding.toUint8Array(encoder);
};

/**
 * Tracks local edits of one Y.Doc on one WebsocketProvider and reports
 * "saved" / "saving" / "unsaved".
 */
export class SaveTracker {
  /**
   * @param {import("yjs").Doc} doc
   * @param {import("y-websocket").WebsocketProvider} provider
   * @param {(state: string) => void} onChange called with the new state when it changes
   */
  constructor(doc, provider, onChange) {
    this.doc = doc;
    this.provider = provider;
    this.onChange = onChange;
    /** Last barrier number sent (on any connection). */
    this.sent = 0;
    /** Highest barrier number the server acknowledged. */
    this.acked = 0;
    /** A local edit happened that no barrier sent on a live connection covers yet. */
    this.dirty = false;
    this.timer = null;
    this.state = SAVE_SAVED;
    /** Called after every event that may change `hasPendingChanges` (see `waitForSaved`). */
    this.watchers = new Set();

    this.handleUpdate = (_update, origin) => {
      if (origin === provider) return;
      this.dirty = true;
      this.schedule();
      this.refresh();
    };
    this.handleStatus = ({ status }) => {
      if (status !== "connected" && this.acked < this.sent) {
        // Barriers sent on a closed connection will never be answered.
        this.dirty = true;
      }
      this.refresh();
    };
    this.handleSync = (synced) => {
      if (synced && this.dirty) this.sendBarrier();
      this.refresh();
    };
    doc.on("update", this.handleUpdate);
    provider.on("status", this.handleStatus);
    provider.on("sync", this.handleSync);
    provider.messageHandlers[MESSAGE_SAVE_BARRIER] = (_encoder, decoder) => {
      // Nothing is written to the encoder: the barrier needs no reply.
      const n = decoding.readVarUint(decoder);
      if (n > this.acked) this.acked = n;
      this.refresh();
    };
  }

  /** @private */
  schedule() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sendBarrier();
    }, SAVE_DEBOUNCE_MS);
  }

  /** Sends a barrier now if the connection is up and synced; otherwise waits for the next sync. */
  sendBarrier() {
    const ws = this.provider.ws;
    if (!this.provider.wsconnected || !this.provider.synced || !ws || ws.readyState !== 1) {
      this.refresh();
      return;
    }
    this.sent += 1;
    this.dirty = false;
    ws.send(encodeSaveBarrier(this.sent));
    this.refresh();
  }

  /** Whether local edits may not be stored yet. */
  get hasPendingChanges() {
    return this.dirty || this.timer !== null || this.acked < this.sent;
  }

  /** @private */
  refresh() {
    let state = SAVE_SAVED;
    if (this.hasPendingChanges) {
      state = this.provider.wsconnected ? SAVE_SAVING : SAVE_UNSAVED;
    }
    if (state !== this.state) {
      this.state = state;
      this.onChange(state);
    }
    for (const watcher of [...this.watchers]) watcher();
  }

  /** Stops listening; the provider and doc are left alone. */
  destroy() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.doc.off("update", this.handleUpdate);
    this.provider.off("status", this.handleStatus);
    this.provider.off("sync", this.handleSync);
    delete this.provider.messageHandlers[MESSAGE_SAVE_BARRIER];
    this.destroyed = true;
    for (const watcher of [...this.watchers]) watcher();
    this.watchers.clear();
  }
}
