// Entry point of the room page (server/templates/room.html). Registers the
// service worker (src/sw.js, served as /sw.js) so the room opens offline once
// opened here; `data-offline-ready` on <html> says when this page is kept.

import { h, render } from "preact";
import { setBearer } from "./api.js";
import { getMountPoint, readBootstrap } from "./page.js";
import { setSocketToken } from "./room-connection.js";
import { RoomApp } from "./room-app.jsx";

const bootstrap = readBootstrap();
if (bootstrap.display_token) {
  // The projector's display page (server/displays.py): its own token, so a
  // facilitator's session in the same browser is neither used nor replaced.
  setBearer(bootstrap.display_token);
  setSocketToken(bootstrap.display_token);
}
render(h(RoomApp, { bootstrap }), getMountPoint());

if ("serviceWorker" in navigator && window.isSecureContext && !bootstrap.display_token) {
  navigator.serviceWorker
    .register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        document.documentElement.dataset.offlineReady = event.data && event.data.ok ? "1" : "0";
      };
      registration.active.postMessage({ type: "keep-page", path: window.location.pathname }, [channel.port2]);
    })
    .catch(() => {
      // no worker (private mode, plain http on a LAN): the room works online only
    });
}
