// Entry point of the room page (server/templates/room.html). Registers the
// service worker (src/sw.js, served as /sw.js) so the room opens offline once
// opened here; `data-offline-ready` on <html> says when this page is kept.

import { h, render } from "preact";
import { getMountPoint, readBootstrap } from "./page.js";
import { RoomApp } from "./room-app.jsx";

render(h(RoomApp, { bootstrap: readBootstrap() }), getMountPoint());

if ("serviceWorker" in navigator && window.isSecureContext) {
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
