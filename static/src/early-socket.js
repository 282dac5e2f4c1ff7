// The room's sync socket, opened while the room's code is still on its way
// (server/templates/room.html loads this tiny script `async`, its
// `data-url` the tree's socket). On a phone on slow 3G the scripts take about
// two seconds to arrive; meanwhile this socket shakes hands and asks for the
// whole document (a sync step 1 with an empty state vector), so the answer is
// there when the code is. RoomConnection's provider adopts the socket
// (early-socket-adopt.js) and reads what it received as if it had been
// listening from the start; a socket nobody adopts within 30 s is closed.

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
  // y-protocols: messageSync (0), syncStep1 (0), the state vector of an
  // empty document (one byte, 0) as a length-prefixed array.
  const ASK_FOR_EVERYTHING = new Uint8Array([0, 0, 1, 0]);
  ws.onopen = (event) => {
    ws.send(ASK_FOR_EVERYTHING);
    early.events.push(["open", event]);
  };
  ws.onmessage = (event) => early.events.push(["message", event]);
  ws.onerror = (event) => early.events.push(["error", event]);
  ws.onclose = (event) => early.events.push(["close", event]);
  self.__cocreaEarlySocket = early;
  setTimeout(() => {
    if (!early.adopted) ws.close();
  }, 30000);
})();
