// What the room shows above its content. On a wide screen: the workshop's
// header, the connection state (sticky), the problem statement, the stepper
// of every phase, the facilitator's phase control and the tabs. On a phone
// (below 40rem) the content comes first: a compact header, the problem
// statement folded into one line, and one bar that sticks to the top of the
// screen with the connection state, the phase as a chip that opens the list
// of phases (and, for the facilitator, the phase control) and the tabs in
// one scrolling row.

import { useEffect, useRef, useState } from "preact/hooks";
import { formatDate, labelOf } from "./i18n.js";
import { PhaseStepper } from "./phase-bar.jsx";
import { NARROW_QUERY, isNarrow } from "./stage-model.js";

/**
 * Whether the screen is a phone's, kept up to date when it turns or resizes.
 * @returns {boolean}
 */
export const useNarrow = () => {
  const [narrow, setNarrow] = useState(isNarrow);
  useEffect(() => {
    if (!window.matchMedia) return undefined;
    const query = window.matchMedia(NARROW_QUERY);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return narrow;
};

/**
 * @param {object} props
 * @param {{title: string, entity?: string, date?: string, place?: string, problem_statement?: string}} props.workshop
 * @param {string} props.lang
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {string} props.phase
 * @param {boolean} props.projector
 * @param {(on: boolean) => void} props.onProjector
 * @param {() => void} props.onShowCode
 * @param {import("preact").VNode} props.status the connection and save state
 * @param {import("preact").VNode} props.unsaved texts kept from an earlier visit
 * @param {import("preact").VNode|false} props.control the facilitator's phase control
 * @param {import("preact").VNode|false} props.tabs the stage's tabs (from «Alternativas» on)
 * @param {import("preact").VNode|false} [props.tools] more of the facilitator's buttons (the display link):
 *   beside «Mostrar código», or on a phone in the phase menu, so the title keeps its room
 * @param {boolean} [props.display] this page is a projector display: no projector switch
 * @param {(key: string, params?: object) => string} props.t
 */
export function RoomTop({
  workshop,
  lang,
  phases,
  phase,
  projector,
  onProjector,
  onShowCode,
  status,
  unsaved,
  control,
  tabs,
  tools = false,
  display = false,
  t,
}) {
  const narrow = useNarrow();
  const meta = [workshop.entity, formatDate(workshop.date, lang), workshop.place].filter(Boolean).join(" · ");
  const problem = workshop.problem_statement;
  const folded = narrow && Boolean(problem);
  return (
    <>
      <header class="room-header">
        <div class="room-heading">
          <h1>{workshop.title}</h1>
          {!folded && <p class="room-meta">{meta}</p>}
        </div>
        <div class="room-tools">
          <button type="button" class="button" onClick={onShowCode}>
            {t("room.show_code")}
          </button>
          {!display && (
            <button
              type="button"
              class="button projector-toggle"
              aria-pressed={projector ? "true" : "false"}
              onClick={() => onProjector(!projector)}
            >
              {t("room.projector")}
            </button>
          )}
          {!narrow && tools}
        </div>
      </header>
      {narrow ? (
        <>
          {folded && (
            <details class="problem-line">
              <summary>
                <span class="problem-line-label">{t("room.problem_statement")}:</span>{" "}
                <span class="problem-line-text">{problem}</span>
              </summary>
              {meta && <p class="room-meta">{meta}</p>}
            </details>
          )}
          <div class="room-bar">
            {status}
            <PhaseMenu phases={phases} phase={phase} t={t}>
              <PhaseStepper phases={phases} phase={phase} t={t} />
              {control}
              {tools}
            </PhaseMenu>
            {tabs}
          </div>
          {unsaved}
        </>
      ) : (
        <>
          {status}
          {unsaved}
          {problem && (
            <section class="problem-statement" aria-labelledby="problem-statement-heading">
              <h2 id="problem-statement-heading">{t("room.problem_statement")}</h2>
              <p>{problem}</p>
            </section>
          )}
          <PhaseStepper phases={phases} phase={phase} t={t} />
          {control}
          {tabs}
        </>
      )}
    </>
  );
}

/**
 * The phase as a chip that opens, below it, the list of phases and whatever
 * else it is given (the facilitator's phase control). A tap elsewhere,
 * Escape or a new phase closes it.
 * @param {object} props
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {string} props.phase
 * @param {(key: string, params?: object) => string} props.t
 * @param {import("preact").ComponentChildren} props.children
 */
export function PhaseMenu({ phases, phase, t, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const outside = (event) => {
      const menu = ref.current;
      if (menu && menu.open && !menu.contains(event.target)) menu.open = false;
    };
    const escape = (event) => {
      const menu = ref.current;
      if (event.key !== "Escape" || !menu || !menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    };
    document.addEventListener("click", outside);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("click", outside);
      document.removeEventListener("keydown", escape);
    };
  }, []);
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [phase]);
  const index = phases.findIndex((item) => item.id === phase);
  return (
    <details class="phase-menu" ref={ref}>
      <summary class="phase-chip">
        <span class="phase-chip-name">{t("phase.chip")}</span>{" "}
        {index >= 0 && (
          <span class="phase-chip-step" aria-hidden="true">
            {index + 1}/{phases.length}
          </span>
        )}{" "}
        {labelOf(phases, phase)}
      </summary>
      <div class="phase-menu-body">{children}</div>
    </details>
  );
}
