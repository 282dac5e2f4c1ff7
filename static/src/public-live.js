// The one script of a published plan's public page (/publico/planes/<id>,
// server/api_public_plan.py adds it to the served page; the page works the
// same without it, and the exported file has none). It keeps one socket to
// the plan's read-only live document (plan-live.js; anyone may read it once
// the plan is published) and, when the plan or its follow-up changes, reads
// the page again and puts its new body in place: a reported activity appears
// without reloading, where the reader is. Nothing polls.

import { PLAN_TOPIC_FOLLOW_UP, PLAN_TOPIC_PLAN } from "./document-schema.js";
import { liveChannel, openLive } from "./live-state.js";
import { planLiveKey, socketBase } from "./plan-live.js";

const TOPICS = [PLAN_TOPIC_PLAN, PLAN_TOPIC_FOLLOW_UP];

/** @param {string} path `/publico/planes/<id>` */
export const planIdOf = (path) => {
  const match = /^\/publico\/planes\/([^/]+)\/?$/.exec(path);
  return match ? decodeURIComponent(match[1]) : "";
};

/** Reads the page again and replaces the body's content with the new one. */
const refresh = async () => {
  const response = await fetch(window.location.href, { cache: "no-cache", credentials: "omit" });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const x = window.scrollX;
  const y = window.scrollY;
  document.body.replaceChildren(...[...fresh.body.childNodes].map((node) => document.adoptNode(node)));
  document.title = fresh.title;
  window.scrollTo(x, y);
  document.documentElement.dataset.liveRefreshed = String(Number(document.documentElement.dataset.liveRefreshed || 0) + 1);
};

const planId = planIdOf(window.location.pathname);
if (planId) {
  const key = planLiveKey(planId);
  openLive(socketBase(""), key);
  const channel = liveChannel(key);
  // The versions found on connecting count too: a change may have come
  // between the page being served and the socket opening.
  let seen = 0;
  let busy = null;
  let again = false;
  const run = () => {
    if (busy) {
      again = true;
      return;
    }
    busy = refresh()
      .catch(() => {})
      .finally(() => {
        busy = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  channel.subscribe(() => {
    const revision = channel.revision(TOPICS);
    if (revision === seen) return;
    seen = revision;
    if (document.visibilityState === "hidden") {
      document.addEventListener("visibilitychange", run, { once: true });
    } else run();
  });
}
