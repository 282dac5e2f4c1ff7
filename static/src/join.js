// Entry point of the join page (server/templates/join.html).

import { h, render } from "preact";
import { JoinPage } from "./join-page.jsx";
import { getMountPoint, readBootstrap } from "./page.js";

render(h(JoinPage, { bootstrap: readBootstrap() }), getMountPoint());
