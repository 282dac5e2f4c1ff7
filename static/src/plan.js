// Entry point of the Plan de Acción page (server/templates/plan.html, /planes/<id>).

import { h, render } from "preact";
import { getMountPoint, readBootstrap } from "./page.js";
import { PlanPage } from "./plan-page.jsx";

render(h(PlanPage, { bootstrap: readBootstrap() }), getMountPoint());
