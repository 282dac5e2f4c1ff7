// The room's sync socket, opened while the room's code is still on its way
// (server/templates/room.html loads this tiny script `async`, its
// `data-url` the tree's socket, its `data-state` the tree's document over
// HTTP). On a phone on slow 3G the scripts take about two seconds to arrive;
// meanwhile this script fetches the document (GET …/tree/state: one Yjs
// update, brotli-compressed to about a fifth of the 11 KB the socket would
// carry for a 40-idea tree), and the socket shakes hands and then asks only
// for what is newer (a sync step 1 with the fetched state vector; with an
// empty one, the whole document, if the fetch failed). The fetched document
// goes first among what the socket received, as the sync step 2 the server
// would have sent, so the answer is there when the code is. RoomConnection's
// provider adopts the socket (early-socket-adopt.js) and, once the fetch has
// settled, reads what it received as if it had been listening from the
// start; a socket nobody adopts within 30 s is closed.

(() => {
  const script = document.currentScript;
  const url = script && script.dataset.url;
  if (!url || self.__cocreaEarlySocket || self.__cocreaRoomStarted || typeof WebSocket !== "function") return;
  let ws;
  try {
    ws = new WebSocket(url);
  } catch {
    return;
  }
  ws.binaryType = "arraybuffer";
  const early = { url, ws, events: [], adopted: false };

  // y-protocols frames: messageSync (0), then syncStep1 (0) or syncStep2 (1),
  // then a length-prefixed byte array (lib0 varUint length).
  const frame = (step, bytes) => {
    const head = [0, step];
    for (let n = bytes.length; ; n = Math.floor(n / 128)) {
      if (n < 128) {
        head.push(n);
        break;
      }
      head.push((n % 128) | 128);
    }
    const data = new Uint8Array(head.length + bytes.length);
    data.set(head);
    data.set(bytes, head.length);
    return data;
  };
  // undefined while the document is on its way; then the state vector to
  // ask from (an empty document's, one byte 0, if the fetch failed).
  let stateVector;
  const ask = () => {
    if (stateVector === undefined || early.asked || early.replayed || ws.readyState !== 1) return;
    early.asked = true;
    ws.send(frame(0, stateVector));
  };
  const fallBack = () => {
    stateVector = new Uint8Array([0]);
    ask();
  };
  const stateUrl = script.dataset.state;
  if (stateUrl && typeof fetch === "function") {
    // Settles when the document is in (or its fetch failed): the room's
    // provider waits for it before reading the socket (early-socket-adopt.js).
    early.state = fetch(stateUrl, { credentials: "same-origin" })
      .then((response) => {
        const vector = response.headers.get("X-Yjs-State-Vector");
        if (!response.ok || !vector) throw new Error(String(response.status));
        return response.arrayBuffer().then((update) => [new Uint8Array(update), vector]);
      })
      .then(([update, vector]) => {
        // Too late: y-websocket has read the socket and asked it itself.
        if (early.replayed) return;
        early.events.push(["message", { data: frame(1, update).buffer }]);
        stateVector = Uint8Array.from(atob(vector), (c) => c.charCodeAt(0));
        ask();
      })
      .catch(fallBack);
  } else {
    fallBack();
  }

  ws.onopen = (event) => {
    early.events.push(["open", event]);
    ask();
  };
  ws.onmessage = (event) => early.events.push(["message", event]);
  ws.onerror = (event) => early.events.push(["error", event]);
  ws.onclose = (event) => early.events.push(["close", event]);
  self.__cocreaEarlySocket = early;
  setTimeout(() => {
    if (!early.adopted) ws.close();
  }, 30000);
})();
