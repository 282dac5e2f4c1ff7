// Entry point of the home page (server/templates/home.html).

import { h, render } from "preact";
import { HomePage } from "./home-page.jsx";
import { getMountPoint, readBootstrap } from "./page.js";

render(h(HomePage, { bootstrap: readBootstrap() }), getMountPoint());
