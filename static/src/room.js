// Entry point of the room page (server/templates/room.html).

import { h, render } from "preact";
import { getMountPoint, readBootstrap } from "./page.js";
import { RoomApp } from "./room-app.jsx";

render(h(RoomApp, { bootstrap: readBootstrap() }), getMountPoint());
