// One shared document of a workshop over y-websocket: connection state, save
// state, the server's awareness entry (phase, who may edit) and the restart
// with a fresh Y.Doc that a 4403 close requires (a rejected client's doc still
// holds the refused edits and would resend them; see REALTIME-NOTES §7.3).

import { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { AWARENESS_SERVER } from "./document-schema.js";
import { SAVE_SAVED, SaveTracker } from "./save-barrier.js";

/** Close codes the server uses: 4000 + the matching HTTP status. */
export const CLOSE_MALFORMED = 4400;
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_NOT_FOUND = 4404;
export const CLOSE_TOO_LARGE = 4413;
export const CLOSE_TOO_MANY = 4429;

/** Connection states shown to the user. */
export const CONN_CONNECTING = "connecting";
export const CONN_CONNECTED = "connected";
export const CONN_RECONNECTING = "reconnecting";
export const CONN_DISCONNECTED = "disconnected";

/** Waits before each fresh-doc restart after a 4403; past the last, give up. */
export const FORBIDDEN_RETRY_DELAYS_MS = [1000, 2000, 4000];

/** A connection that stays synced this long resets the 4403 retry count. */
const STABLE_AFTER_MS = 10000;

/**
 * @typedef {object} RoomSession
 * @property {Y.Doc} doc
 * @property {Awareness} awareness
 * @property {WebsocketProvider} provider
 * @property {SaveTracker} saves
 * @property {boolean} synced whether this doc has received the server state once
 * @property {boolean} [rejected] the server closed it with a 44xx code
 */

/**
 * @typedef {object} RoomState
 * @property {RoomSession|null} session the session whose doc the UI shows
 * @property {string} connection one of the CONN_* values
 * @property {string} save one of the SAVE_* values
 * @property {{code: number, reason: string}|null} closed last 44xx close, if any
 * @property {boolean} terminal no more reconnection attempts will be made
 * @property {Record<string, any>|null} server the server's awareness entry (last one seen)
 * @property {number} revision increments with every awareness change
 */

/**
 * Owns the provider and Y.Doc of one room and tells a listener what changed.
 */
export class RoomConnection {
  /**
   * @param {{url: string, room: string, localState: Record<string, any>}} options
   *   url: the WebSocket base (`ws://host/ws`); room: `<workshop id>/<artifact>`;
   *   localState: this user's awareness state
   * @param {(state: RoomState) => void} onChange
   */
  constructor({ url, room, localState }, onChange) {
    this.url = url;
    this.room = room;
    this.localState = localState;
    this.onChange = onChange;
    this.everConnected = false;
    this.forbiddenRetries = 0;
    this.retryTimer = null;
    this.stableTimer = null;
    /** @type {RoomSession|null} */
    this.current = null;
    /** @type {RoomState} */
    this.state = {
      session: null,
      connection: CONN_CONNECTING,
      save: SAVE_SAVED,
      closed: null,
      terminal: false,
      server: null,
      revision: 0,
    };
    this.start();
  }

  /** @private */
  emit(patch) {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  /** Creates a fresh Y.Doc and provider; the UI switches to it once it has synced. */
  start() {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ ...this.localState });
    const provider = new WebsocketProvider(this.url, this.room, doc, {
      disableBc: true,
      awareness,
      connect: false,
    });
    /** @type {RoomSession} */
    const session = { doc, awareness, provider, saves: null, synced: false };
    session.saves = new SaveTracker(doc, provider, (save) => {
      if (this.current === session) this.emit({ save });
    });
    this.current = session;
    if (!this.state.session) this.emit({ session });

    provider.on("status", ({ status }) => {
      if (this.current !== session || session.rejected) return;
      if (status === "connected") {
        this.everConnected = true;
        this.emit({ connection: CONN_CONNECTED });
      } else if (status === "connecting") {
        this.emit({ connection: this.everConnected ? CONN_RECONNECTING : CONN_CONNECTING });
      } else if (status === "disconnected") {
        this.emit({ connection: provider.shouldConnect ? CONN_RECONNECTING : CONN_DISCONNECTED });
      }
    });
    provider.on("sync", (synced) => {
      if (this.current !== session || !synced) return;
      const previous = this.state.session;
      session.synced = true;
      this.emit({ session, closed: this.state.closed && this.state.closed.code === CLOSE_FORBIDDEN ? this.state.closed : null });
      if (previous && previous !== session) this.dispose(previous);
      if (this.stableTimer !== null) clearTimeout(this.stableTimer);
      this.stableTimer = setTimeout(() => {
        this.stableTimer = null;
        if (this.current === session && provider.synced) this.forbiddenRetries = 0;
      }, STABLE_AFTER_MS);
    });
    provider.on("connection-close", (event) => {
      if (this.current !== session || !event || session.rejected) return;
      if (event.code < 4400 || event.code >= 4500) return;
      session.rejected = true;
      const closed = { code: event.code, reason: event.reason || "" };
      // Let y-websocket finish its own close handling before tearing down.
      setTimeout(() => this.handleRejection(session, closed), 0);
    });
    awareness.on("change", () => {
      if (this.current !== session) return;
      const server = findServerState(awareness);
      this.emit({ server: server || this.state.server, revision: this.state.revision + 1 });
    });
    provider.connect();
  }

  /** @private */
  handleRejection(session, closed) {
    if (this.stableTimer !== null) clearTimeout(this.stableTimer);
    this.stableTimer = null;
    if (closed.code !== CLOSE_FORBIDDEN || this.forbiddenRetries >= FORBIDDEN_RETRY_DELAYS_MS.length) {
      this.emit({ closed, terminal: true, connection: CONN_DISCONNECTED });
      return;
    }
    const delay = FORBIDDEN_RETRY_DELAYS_MS[this.forbiddenRetries];
    this.forbiddenRetries += 1;
    this.emit({ closed, terminal: false, connection: CONN_RECONNECTING, save: SAVE_SAVED });
    // A shown doc stays on screen (read-only) until the fresh one syncs.
    this.release(session);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.start();
    }, delay);
  }

  /**
   * Stops a session's network side; destroys its doc too unless it is on screen.
   * @private
   */
  release(session) {
    if (session === this.state.session) {
      session.saves.destroy();
      session.provider.destroy();
    } else {
      this.dispose(session);
    }
  }

  /**
   * Starts over with a fresh doc after a terminal close (a "Reintentar" button).
   */
  retry() {
    if (this.retryTimer !== null) return;
    this.forbiddenRetries = 0;
    if (this.current) this.release(this.current);
    this.emit({ closed: null, terminal: false, connection: CONN_CONNECTING });
    this.start();
  }

  /** Hides the notice of a recovered 4403 close. */
  dismissClosed() {
    if (!this.state.terminal) this.emit({ closed: null });
  }

  /**
   * Replaces this user's awareness fields (e.g. `{editing: nodeId}`).
   * @param {Record<string, any>} patch
   */
  setLocalState(patch) {
    this.localState = { ...this.localState, ...patch };
    if (this.current) this.current.awareness.setLocalState({ ...this.localState });
  }

  /** @private */
  dispose(session) {
    session.saves.destroy();
    session.provider.destroy();
    session.doc.destroy(); // also destroys the awareness
  }

  /** Closes everything (page unload). */
  destroy() {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.stableTimer !== null) clearTimeout(this.stableTimer);
    const shown = this.state.session;
    if (this.current) this.dispose(this.current);
    if (shown && shown !== this.current) this.dispose(shown);
  }
}

/**
 * The server's awareness entry: the state with a `cocrea` key and no `user`.
 * @param {Awareness} awareness
 * @returns {Record<string, any>|null}
 */
export const findServerState = (awareness) => {
  for (const state of awareness.getStates().values()) {
    if (state && !state.user && state[AWARENESS_SERVER] && typeof state[AWARENESS_SERVER] === "object") {
      return state[AWARENESS_SERVER];
    }
  }
  return null;
};
