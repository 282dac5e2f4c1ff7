// Hands the socket early-socket.js opened to the y-websocket provider that
// asks for the same URL (RoomConnection passes `EarlySocket` as its
// WebSocketPolyfill); any other socket, and every reconnection, is a plain
// WebSocket.

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * How long the provider waits for the document's fetch (early-socket.js)
 * before it reads the socket anyway (and asks it for everything).
 */
const STATE_WAIT_MS = 5000;

/** The early socket as y-websocket sees it: what it received, then live. */
class AdoptedSocket {
  constructor(early) {
    this.ws = early.ws;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    this.onclose = null;
    // y-websocket sets its handlers right after constructing: replay after,
    // and after the document's fetch (its cached code can be quicker), so
    // that the socket is not asked for the whole document again.
    const fetched = early.state
      ? Promise.race([early.state, new Promise((resolve) => setTimeout(resolve, STATE_WAIT_MS))])
      : Promise.resolve();
    fetched.then(() =>
      setTimeout(() => {
        early.replayed = true;
        this.replay(early.events);
      }, 0),
    );
  }

  /** @private */
  call(name, event) {
    const handler = this[`on${name}`];
    if (handler) handler.call(this, event);
  }

  /**
   * What arrived so far, messages first: the answer to the early request for
   * the whole document is in the doc before y-websocket's own sync step 1,
   * whose state vector then asks for (almost) nothing again.
   * @private
   */
  replay(events) {
    let opened = false;
    let closed = null;
    for (const [type, event] of events) {
      if (type === "open") opened = true;
      else if (type === "close") closed = event;
      else this.call(type, event);
    }
    if (opened) this.call("open", new Event("open"));
    if (closed) {
      this.call("close", closed);
      return;
    }
    const { ws } = this;
    if (!opened) ws.onopen = () => this.call("open", new Event("open"));
    ws.onmessage = (event) => this.call("message", event);
    ws.onerror = (event) => this.call("error", event);
    ws.onclose = (event) => this.call("close", event);
  }

  get readyState() {
    return this.ws.readyState;
  }

  get bufferedAmount() {
    return this.ws.bufferedAmount;
  }

  get url() {
    return this.ws.url;
  }

  get binaryType() {
    return this.ws.binaryType;
  }

  set binaryType(value) {
    this.ws.binaryType = value;
  }

  send(data) {
    this.ws.send(data);
  }

  close(code, reason) {
    this.ws.close(code, reason);
  }
}

for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  AdoptedSocket[name] = value;
  AdoptedSocket.prototype[name] = value;
}

/** A WebSocket constructor that adopts the early socket once, for its URL. */
export class EarlySocket {
  constructor(url, protocols) {
    const early = self.__cocreaEarlySocket;
    self.__cocreaRoomStarted = true;
    // Only the socket of the same URL adopts it: the room opens other
    // documents' sockets (the live channel) too, in no set order. One nobody
    // adopts closes itself after 30 s (early-socket.js).
    if (early && !early.adopted && early.url === url) {
      early.adopted = true;
      return new AdoptedSocket(early);
    }
    return protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols);
  }
}
