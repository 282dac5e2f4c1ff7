// One shared document of a workshop over y-websocket: connection state, save
// state, the server's awareness entry (phase, who may edit) and the restart
// with a fresh Y.Doc that a 4403 close requires (a rejected client's doc still
// holds the refused edits and would resend them; see REALTIME-NOTES §7.3).
// A heartbeat (a standard query-awareness message every 2 s) tells within
// 4 s that the server is out of reach. The browser keeps a copy of the doc
// (offline-journal.js): shown after a reload without network, merged into the
// live doc once it syncs if the person may still write it, and otherwise set
// aside as unsaved text (unsaved-texts.js) instead of being lost.

import * as encoding from "lib0/encoding";
import { Awareness } from "y-protocols/awareness";
import { WebsocketProvider, messageQueryAwareness } from "y-websocket";
import * as Y from "yjs";
import { AWARENESS_SERVER, AWARENESS_USER } from "./document-schema.js";
import { EarlySocket } from "./early-socket-adopt.js";
import {
  isEmptyDoc,
  journalName,
  lostInMerge,
  openJournal,
  whenStored,
  resetJournal,
  unstoredTexts,
  wouldChange,
} from "./offline-journal.js";
import { SAVE_LOCAL, SAVE_SAVED, SAVE_UNSAVED, SaveTracker } from "./save-barrier.js";
import { addUnsaved, unsavedKey } from "./unsaved-texts.js";

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
/** The heartbeat went unanswered or the browser reports no network. */
export const CONN_OFFLINE = "offline";

/** How often the heartbeat asks the server for presence, in ms. */
export const HEARTBEAT_INTERVAL_MS = 2000;
/** No message from the server for this long means the connection is dead. */
export const HEARTBEAT_TIMEOUT_MS = 4000;
const HEARTBEAT_TICK_MS = 500;
/** How long an answer may take before its absence counts (it takes milliseconds). */
const HEARTBEAT_ANSWER_MS = 1000;

/** Origins of the updates this module applies itself. */
const FROM_JOURNAL = "journal";
const TO_JOURNAL = "mirror";

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
 * @property {boolean} [local] the browser's own copy, shown while the server is out of reach
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

/** A token sent as `?token=` on every socket (the display page's, server/displays.py). */
let socketToken = "";

/**
 * Opens every later socket with this token instead of relying on the cookie.
 * @param {string} token
 */
export const setSocketToken = (token) => {
  socketToken = token || "";
};

/**
 * Owns the provider and Y.Doc of one room and tells a listener what changed.
 */
export class RoomConnection {
  /**
   * @param {{url: string, room: string, localState: Record<string, any>|null}} options
   *   url: the WebSocket base (`ws://host/ws`); room: `<workshop id>/<artifact>`;
   *   localState: this user's awareness state (null: none, this page is not present in that document)
   * @param {(state: RoomState) => void} onChange
   */
  constructor({ url, room, localState }, onChange) {
    this.url = url;
    this.room = room;
    this.localState = localState;
    this.onChange = onChange;
    this.everConnected = false;
    this.failedAttempts = 0;
    this.refused = null;
    this.offline = typeof navigator !== "undefined" && navigator.onLine === false;
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
    const [workshopId, artifact] = room.split("/");
    const user = localState && localState[AWARENESS_USER];
    this.artifact = artifact;
    this.role = user ? user.role : null;
    this.unsavedKey = user && user.id ? unsavedKey(workshopId, user.id) : null;
    this.journalName = user && user.id ? journalName(user.id, room) : null;
    this.serverKey = this.journalName ? `cocrea.server.${this.journalName}` : null;
    /** @type {{doc: Y.Doc, persistence: any}|null} */
    this.journal = null;
    // Writes handed to the browser's copy, and how many of them IndexedDB has
    // committed: «Guardado en este dispositivo» only once it is true.
    this.journalWrites = 0;
    this.journalStored = 0;
    this.journalReady = (this.journalName ? openJournal(this.journalName) : Promise.resolve(null)).then((journal) => {
      if (this.destroyed) {
        if (journal) journal.persistence.destroy().then(() => journal.doc.destroy());
        return null;
      }
      this.journal = journal;
      this.maybeShowJournal();
      return journal;
    });
    this.handleOffline = () => {
      // The browser has no network: drop the socket now rather than trust it.
      this.goOffline();
      this.restartSocket();
    };
    this.handleOnline = () => {
      if (this.current && this.current.provider) this.current.provider.connect();
    };
    if (typeof window !== "undefined") {
      window.addEventListener("offline", this.handleOffline);
      window.addEventListener("online", this.handleOnline);
    }
    OPEN.add(this);
    this.start();
  }

  /** Whether leaving the page now would lose or strand edits. */
  get hasPendingChanges() {
    const shown = this.state.session;
    if (shown && shown.local) return Boolean(shown.edited);
    const current = this.current;
    return Boolean(current && current.saves && current.saves.hasPendingChanges);
  }

  /** @private the connection state to show for a provider status */
  connectionFor(status) {
    if (this.offline) return CONN_OFFLINE;
    if (status === "connected") return CONN_CONNECTED;
    if (status === "connecting") return this.everConnected ? CONN_RECONNECTING : CONN_CONNECTING;
    return this.current && this.current.provider && this.current.provider.shouldConnect
      ? CONN_RECONNECTING
      : CONN_DISCONNECTED;
  }

  /** @private the save state to show: unsaved edits the browser keeps say so */
  saveFor(save) {
    return save === SAVE_UNSAVED && this.journal && this.journalStored >= this.journalWrites ? SAVE_LOCAL : save;
  }

  /** @private a write went to the browser's copy: the save state follows its commit */
  noteJournalWrite() {
    const journal = this.journal;
    if (!journal) return;
    const write = ++this.journalWrites;
    this.refreshSave();
    whenStored(journal).then((stored) => {
      if (!stored || this.destroyed || write <= this.journalStored) return;
      this.journalStored = write;
      if (write === this.journalWrites) this.refreshSave();
    });
  }

  /** @private shows the save state again (after the browser's copy caught up) */
  refreshSave() {
    const shown = this.state.session;
    let save = null;
    if (shown && shown.local) save = shown.edited ? this.saveFor(SAVE_UNSAVED) : null;
    else if (this.current && this.current.saves) save = this.saveFor(this.current.saves.state);
    if (save !== null && save !== this.state.save) this.emit({ save });
  }

  /** @private drops the current socket at once; y-websocket opens a new one */
  restartSocket() {
    const provider = this.current && this.current.provider;
    if (!provider || !provider.ws || this.current.rejected) return;
    provider.disconnect();
    provider.connect();
  }

  /** @private the server is out of reach (heartbeat unanswered, or the browser says so) */
  goOffline() {
    if (this.destroyed || this.state.terminal) return;
    this.offline = true;
    this.emit({ connection: CONN_OFFLINE });
    this.maybeShowJournal();
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
    // No local state (null): a reader with no presence of its own (the live document).
    awareness.setLocalState(this.localState === null ? null : { ...this.localState });
    const provider = new WebsocketProvider(this.url, this.room, doc, {
      disableBc: true,
      awareness,
      connect: false,
      // The tree's first socket may already be open (early-socket.js).
      WebSocketPolyfill: EarlySocket,
      params: socketToken ? { token: socketToken } : {},
    });
    /** @type {RoomSession} */
    const session = { doc, awareness, provider, saves: null, synced: false, reconciled: false };
    session.saves = new SaveTracker(doc, provider, (save) => {
      if (this.current === session && !(this.state.session && this.state.session.local)) {
        this.emit({ save: this.saveFor(save) });
      }
    });
    this.current = session;
    if (!this.state.session) this.emit({ session });

    // The heartbeat: y-websocket only notices a dead socket after 30 s.
    let lastQuery = 0;
    session.heartbeat = setInterval(() => {
      const ws = provider.ws;
      if (this.current !== session || !provider.wsconnected || !ws || ws.readyState !== 1) return;
      const now = Date.now();
      // Judged only against a question the server had time to answer: a
      // background tab's timers may run once a minute, and silence between
      // them proves nothing.
      const unanswered = lastQuery > provider.wsLastMessageReceived && now - lastQuery >= HEARTBEAT_ANSWER_MS;
      if (unanswered && now - provider.wsLastMessageReceived > HEARTBEAT_TIMEOUT_MS) {
        this.goOffline();
        this.restartSocket();
        return;
      }
      if (now - lastQuery >= HEARTBEAT_INTERVAL_MS) {
        lastQuery = now;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, messageQueryAwareness);
        ws.send(encoding.toUint8Array(encoder));
      }
    }, HEARTBEAT_TICK_MS);

    provider.on("status", ({ status }) => {
      if (this.current !== session || session.rejected) return;
      if (status === "connected") {
        this.everConnected = true;
        this.offline = false;
      }
      this.emit({ connection: this.connectionFor(status) });
      if (status !== "connected") this.maybeShowJournal();
    });
    provider.on("sync", (synced) => {
      if (this.current !== session || !synced) return;
      this.failedAttempts = 0;
      if (!session.reconciled) {
        session.reconciled = true;
        this.reconcile(session).then(() => this.show(session));
      }
    });
    provider.on("connection-close", (event) => {
      if (this.current !== session || session.rejected) return;
      const refusal = event && event.code >= 4400 && event.code < 4500;
      if (!refusal && !provider.wsconnected && !this.state.terminal) {
        // A socket that never opened: the server is out of reach.
        this.failedAttempts += 1;
        this.goOffline();
      }
      if (!event) return;
      if (event.code < 4400 || event.code >= 4500) return;
      session.rejected = true;
      const closed = { code: event.code, reason: event.reason || "" };
      this.markRefused(closed);
      // Let y-websocket finish its own close handling before tearing down.
      setTimeout(() => this.handleRejection(session, closed), 0);
    });
    awareness.on("change", () => {
      if (this.current !== session) return;
      const server = findServerState(awareness);
      if (server) this.rememberServer(server);
      if (this.state.session && this.state.session.local) return;
      this.emit({ server: server || this.state.server, revision: this.state.revision + 1 });
    });
    provider.connect();
  }

  /**
   * Puts a synced session on screen.
   * @private
   */
  show(session) {
    if (this.current !== session || this.destroyed) return;
    const previous = this.state.session;
    session.synced = true;
    this.emit({
      session,
      server: findServerState(session.awareness) || this.state.server,
      save: this.saveFor(session.saves.state),
      connection: this.connectionFor(session.provider.wsconnected ? "connected" : "disconnected"),
      // A refusal stays: the document a socket received before the server
      // refused it can finish reconciling after the refusal was shown.
      closed:
        session.rejected || (this.state.closed && this.state.closed.code === CLOSE_FORBIDDEN) ? this.state.closed : null,
    });
    if (previous && previous !== session) this.dispose(previous);
    if (this.stableTimer !== null) clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => {
      this.stableTimer = null;
      if (this.current === session && session.provider.synced) this.forbiddenRetries = 0;
    }, STABLE_AFTER_MS);
  }

  /**
   * A fresh doc has the server's state: bring in what the browser's copy holds
   * beyond it, or set it aside as unsaved text when the person may not write
   * (or the server just refused it); then keep the copy in step with the doc.
   * @private
   */
  async reconcile(session) {
    const journal = await this.journalReady.then(() => this.journal);
    if (!journal || this.current !== session || this.destroyed) return;
    const server = findServerState(session.awareness);
    const writable = Boolean(server && Array.isArray(server.editable_by) && server.editable_by.includes(this.role));
    const missing = Y.encodeStateAsUpdate(journal.doc, Y.encodeStateVector(session.doc));
    const refused = this.recallRefused();
    this.markRefused(null);
    if (wouldChange(session.doc, missing)) {
      if (writable && !refused) {
        const pending = unstoredTexts(journal.doc, session.doc);
        Y.applyUpdate(session.doc, missing, FROM_JOURNAL);
        const lost = lostInMerge(session.doc, pending);
        if (this.unsavedKey) addUnsaved(this.unsavedKey, this.artifact, lost, { deleted: true });
      } else {
        const reason = {
          message: refused ? refused.reason : "",
          phase: server ? server.phase : null,
          locked: Boolean(server && server.locked),
          writable,
        };
        if (this.unsavedKey) addUnsaved(this.unsavedKey, this.artifact, unstoredTexts(journal.doc, session.doc), reason);
        this.journal = await resetJournal(journal, this.journalName, Y.encodeStateAsUpdate(session.doc));
        if (!this.journal || this.current !== session || this.destroyed) return;
      }
    }
    const copy = this.journal.doc;
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(session.doc), TO_JOURNAL);
    session.mirror = (update, origin) => {
      if (!this.journal || this.journal.doc !== copy || origin === FROM_JOURNAL) return;
      Y.applyUpdate(copy, update, TO_JOURNAL);
      this.noteJournalWrite();
    };
    session.doc.on("update", session.mirror);
  }

  /**
   * Shows the browser's copy while no fresh doc has synced and the server is
   * out of reach (e.g. a reload without network). Editable as the last known
   * server state allowed; its edits reach the server through `reconcile`.
   * @private
   */
  maybeShowJournal() {
    const journal = this.journal;
    const shown = this.state.session;
    if (!journal || isEmptyDoc(journal.doc) || this.destroyed) return;
    if (shown && (shown.synced || shown.local)) return;
    if (!this.offline && this.failedAttempts === 0) return;
    const awareness = new Awareness(journal.doc);
    awareness.setLocalState({ ...this.localState });
    /** @type {RoomSession} */
    const session = { doc: journal.doc, awareness, provider: null, saves: null, synced: true, local: true, edited: false };
    session.onEdit = (_update, origin) => {
      if (origin === journal.persistence || origin === TO_JOURNAL || origin === FROM_JOURNAL) return;
      session.edited = true;
      this.noteJournalWrite();
      if (this.state.session === session) this.emit({ save: this.saveFor(SAVE_UNSAVED) });
    };
    journal.doc.on("update", session.onEdit);
    this.emit({ session, server: this.recallServer() || this.state.server, save: SAVE_SAVED });
  }

  /**
   * A 44xx close since the last fresh doc synced: what the copy holds beyond
   * the server is then never resent, even after a reload (REALTIME-NOTES §7.3).
   * @private
   */
  markRefused(closed) {
    this.refused = closed;
    if (!this.serverKey) return;
    try {
      if (closed) window.localStorage.setItem(`${this.serverKey}.refused`, JSON.stringify(closed));
      else window.localStorage.removeItem(`${this.serverKey}.refused`);
    } catch {
      // private mode: this page's memory still knows
    }
  }

  /** @private */
  recallRefused() {
    if (this.refused) return this.refused;
    try {
      return this.serverKey ? JSON.parse(window.localStorage.getItem(`${this.serverKey}.refused`) || "null") : null;
    } catch {
      return null;
    }
  }

  /** @private the server's entry, kept for showing the copy offline after a reload */
  rememberServer(server) {
    if (!this.serverKey) return;
    try {
      const text = JSON.stringify(server);
      if (window.localStorage.getItem(this.serverKey) !== text) window.localStorage.setItem(this.serverKey, text);
    } catch {
      // private mode: offline editing after a reload falls back to read-only
    }
  }

  /** @private */
  recallServer() {
    try {
      return this.serverKey ? JSON.parse(window.localStorage.getItem(this.serverKey) || "null") : null;
    } catch {
      return null;
    }
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
      this.stopNetwork(session);
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
  stopNetwork(session) {
    if (session.heartbeat) clearInterval(session.heartbeat);
    session.heartbeat = null;
    if (session.saves) session.saves.destroy();
    if (session.provider) session.provider.destroy();
  }

  /** @private */
  dispose(session) {
    if (session.local) {
      // The browser's copy lives on (this.journal); only its view goes.
      session.doc.off("update", session.onEdit);
      session.awareness.destroy();
      return;
    }
    this.stopNetwork(session);
    if (session.mirror) session.doc.off("update", session.mirror);
    session.doc.destroy(); // also destroys the awareness
  }

  /** Closes everything (page unload). */
  destroy() {
    this.destroyed = true;
    OPEN.delete(this);
    if (typeof window !== "undefined") {
      window.removeEventListener("offline", this.handleOffline);
      window.removeEventListener("online", this.handleOnline);
    }
    if (this.journal) {
      const { persistence, doc } = this.journal;
      this.journal = null;
      persistence.destroy().then(() => doc.destroy());
    }
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.stableTimer !== null) clearTimeout(this.stableTimer);
    const shown = this.state.session;
    if (this.current) this.dispose(this.current);
    if (shown && shown !== this.current) this.dispose(shown);
  }
}

/** Every open RoomConnection of the page, for the question before leaving it. */
const OPEN = new Set();

/** Whether any open document of the page has edits the server has not confirmed. */
export const anyPendingChanges = () => [...OPEN].some((connection) => connection.hasPendingChanges);

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
