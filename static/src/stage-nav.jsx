// The room's tabs from «Alternativas» on (stage-model.js): alternatives,
// voting, decisions, commitment and hoja de ruta, and a link down to the
// tree, which stays below as a reference. Part of the first load, so it
// stays small; the panels are chunks (stage.jsx).

import { useEffect, useRef, useState } from "preact/hooks";
import { STAGE_TABS, defaultTab } from "./stage-model.js";

/**
 * The tab shown: the phase's own, until the person picks another; a phase
 * change opens the new phase's tab.
 * @param {string} phase
 * @returns {[string|null, (tab: string) => void]}
 */
export const useStageTab = (phase) => {
  const [chosen, setChosen] = useState({ phase, tab: defaultTab(phase) });
  useEffect(() => {
    if (chosen.phase !== phase) setChosen({ phase, tab: defaultTab(phase) });
  }, [phase]);
  const tab = chosen.phase === phase ? chosen.tab : defaultTab(phase);
  return [tab, (next) => setChosen({ phase, tab: next })];
};

/**
 * @param {object} props
 * @param {string} props.tab
 * @param {(tab: string) => void} props.onTab
 * @param {Record<string, string>} [props.marks] tab → a short note shown on it («abierta»)
 * @param {(key: string, params?: object) => string} props.t
 */
export function StageNav({ tab, onTab, marks = {}, t }) {
  // On a phone the tabs are one row that scrolls sideways: the tab shown stays in sight.
  const ref = useRef(null);
  useEffect(() => {
    const nav = ref.current;
    const shown = nav && nav.querySelector('[aria-pressed="true"]');
    if (!shown || nav.scrollWidth <= nav.clientWidth) return;
    nav.scrollLeft = shown.offsetLeft - nav.offsetLeft - (nav.clientWidth - shown.offsetWidth) / 2;
  }, [tab]);
  return (
    <nav class="stage-nav" aria-label={t("stage.nav")} ref={ref}>
      {STAGE_TABS.map((id) => (
        <button
          key={id}
          type="button"
          class="stage-tab"
          data-tab={id}
          aria-pressed={tab === id ? "true" : "false"}
          onClick={() => onTab(id)}
        >
          {t(`stage.tab_${id}`)}
          {marks[id] && <span class="stage-tab-mark">{marks[id]}</span>}
        </button>
      ))}
      <a class="stage-tab stage-tab--link" href="#tree-heading">
        {t("stage.tab_tree")}
      </a>
    </nav>
  );
}
