// Entry point of the Plan de Acción pages (server/templates/plan.html,
// /planes/<id>; server/templates/follow-up.html, /planes/<id>/seguimiento:
// bootstrap.view "follow_up").

import { h, render } from "preact";
import { FollowUpPage } from "./follow-up-page.jsx";
import { getMountPoint, readBootstrap } from "./page.js";
import { PlanPage } from "./plan-page.jsx";

const bootstrap = readBootstrap();
render(h(bootstrap.view === "follow_up" ? FollowUpPage : PlanPage, { bootstrap }), getMountPoint());
