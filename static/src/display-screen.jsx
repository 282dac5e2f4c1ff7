// The projector's display (a display link, server/displays.py) as one screen
// that never scrolls, to be read from the back of the room: a header band
// with the workshop, the phase, the step in course and a big timer; the main
// area with the tree fit to it (display-tree.jsx) or, from «Alternativas»
// on, the stage (the round in course, its participation, then its results);
// a side column with who has the floor, the next three and the time spoken
// by sector, only while there is any. The join code and its QR come on
// demand: the facilitator shows and hides them on every display
// (`join_shown`), or the code's button, or the key C on the display. The facilitator's
// «bring everyone to…» moves it between the tree and the stage's tabs (T
// does it by hand). A chunk of its own: only a display loads it.

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { DisplayClock, DisplaySpeakers, hasSpeakers } from "./display-moderation.jsx";
import { DisplayTree } from "./display-tree.jsx";
import { labelOf } from "./i18n.js";
import { JoinOverlay } from "./join-overlay.jsx";
import { FOCUS_TREE } from "./use-follow.js";
import "./room-kit.js";
import "./stage-kit.js";

/**
 * Shrinks what `ref` holds, as a whole, when it is taller than its box (a
 * round with many options, a long list of results), so nothing is cut off;
 * at full size whenever it fits. Checked again when its contents or its box
 * change.
 */
const useShrinkToFit = (ref, active) => {
  useLayoutEffect(() => {
    const outer = ref.current;
    const inner = outer && outer.firstElementChild;
    if (!active || !inner) return undefined;
    const fit = () => {
      inner.style.transform = "";
      inner.style.width = "";
      const k = Math.min(1, outer.clientHeight / Math.max(inner.scrollHeight, 1));
      outer.dataset.scale = String(Math.round(k * 100) / 100);
      if (k >= 1) return;
      inner.style.transformOrigin = "0 0";
      inner.style.transform = `scale(${k})`;
      inner.style.width = `${100 / k}%`;
    };
    fit();
    const resized = typeof ResizeObserver === "function" ? new ResizeObserver(fit) : null;
    if (resized) resized.observe(outer);
    const changed = new MutationObserver(fit);
    changed.observe(inner, { childList: true, subtree: true, characterData: true });
    return () => {
      if (resized) resized.disconnect();
      changed.disconnect();
    };
  });
};

/** The phase whose tree is the objective tree (server/locales: «Árbol de objetivos»). */
const PHASE_OBJECTIVES = "arbol_de_objetivos";

const typing = (target) => Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable]"));

/**
 * @param {object} props
 * @param {{id: string, title: string, join_code: string, join_url: string}} props.workshop
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {string} props.phase
 * @param {import("preact").VNode} props.status the connection state
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {boolean} props.staged the phase has the stage's tabs
 * @param {string|null} props.tab
 * @param {boolean} props.roundOpen
 * @param {import("preact").VNode|false} props.tabs
 * @param {import("preact").VNode|false} props.stage
 * @param {import("yjs").Doc|null} props.doc the tree document, once connected
 * @param {boolean} props.loading
 * @param {(key: string, params?: object) => string} props.t
 */
export function DisplayScreen({ workshop, phases, phase, status, moderation, staged, tab, roundOpen, tabs, stage, doc, loading, t }) {
  const [showJoin, setShowJoin] = useState(false);
  const [treeShown, setTreeShown] = useState(!staged);
  const focus = moderation.view && moderation.view.focus;
  // The facilitator shows or hides the code on every display; C and the
  // button still open it here by hand.
  const joinShown = Boolean(moderation.view && moderation.view.join_shown);
  useEffect(() => setShowJoin(joinShown), [joinShown]);

  useEffect(() => setTreeShown(!staged), [staged]);
  // The facilitator brings the room to the tree or to a tab; a tab chosen
  // (by the facilitator or here) and a round that opens show the stage.
  useEffect(() => {
    if (focus) setTreeShown(!staged || focus.target === FOCUS_TREE);
  }, [focus && focus.seq]);
  const [firstTab] = useState(tab);
  useEffect(() => {
    if (staged && tab !== firstTab) setTreeShown(false);
  }, [tab]);
  useEffect(() => {
    if (staged && roundOpen) setTreeShown(false);
  }, [roundOpen]);

  useEffect(() => {
    const onKey = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === "c") setShowJoin((open) => !open);
      else if (key === "t" && staged) setTreeShown((shown) => !shown);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [staged]);

  const side = hasSpeakers(moderation);
  const showTree = !staged || treeShown;
  const stageBox = useRef(null);
  useShrinkToFit(stageBox, staged && !showTree);
  return (
    <div class={`screen${side ? " screen--side" : ""}`}>
      <header class="screen-head">
        <div class="screen-where">
          <h1 class="screen-title">{workshop.title}</h1>
          <p class="screen-phase">{labelOf(phases, phase)}</p>
        </div>
        <DisplayClock moderation={moderation} t={t} />
        <div class="screen-corner">
          {status}
          <button
            type="button"
            class="screen-code"
            aria-keyshortcuts="C"
            title={t("display.code_hint")}
            onClick={() => setShowJoin(true)}
          >
            {t("display.code", { code: workshop.join_code })}
          </button>
        </div>
        {tabs && <div class="screen-tabs">{tabs}</div>}
      </header>
      <div class="screen-main">
        {staged && (
          <div class="screen-stage" hidden={showTree} ref={stageBox}>
            {stage}
          </div>
        )}
        {showTree && loading && (
          <p class="tree-loading" role="status">
            {t("tree.loading")}
          </p>
        )}
        {showTree && !loading && doc && <DisplayTree doc={doc} objectives={phase === PHASE_OBJECTIVES} t={t} />}
      </div>
      {side && (
        <aside class="screen-side" aria-label={t("display.floor")}>
          <DisplaySpeakers moderation={moderation} t={t} />
        </aside>
      )}
      <JoinOverlay open={showJoin} onClose={() => setShowJoin(false)} workshop={workshop} t={t} />
    </div>
  );
}
