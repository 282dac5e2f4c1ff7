// What the room shows in each phase. Up to «Árbol de objetivos» the room is
// the tree; from «Alternativas» on it has tabs (alternatives, voting,
// decisions, commitment, hoja de ruta) above the tree, which stays below as
// a read-only reference (a link in the tabs leads to it). A phase change
// opens that phase's tab.

export const TAB_ALTERNATIVES = "alternatives";
export const TAB_VOTING = "voting";
export const TAB_DECISIONS = "decisions";
export const TAB_COMMITMENTS = "commitments";
export const TAB_ROADMAP = "roadmap";
export const STAGE_TABS = [TAB_ALTERNATIVES, TAB_VOTING, TAB_DECISIONS, TAB_COMMITMENTS, TAB_ROADMAP];

/** Below this width the room takes its phone layout (room-top.jsx; style.css uses the same width). */
export const NARROW_QUERY = "(max-width: 40rem)";

/**
 * Whether the screen is a phone's now.
 * @returns {boolean}
 */
export const isNarrow = () => Boolean(window.matchMedia && window.matchMedia(NARROW_QUERY).matches);

/** The phase each tab belongs to by default, in the workshop's order. */
const PHASE_TABS = {
  alternativas: TAB_ALTERNATIVES,
  votacion: TAB_VOTING,
  hoja_de_ruta: TAB_ROADMAP,
  cierre: TAB_DECISIONS,
};

/** Phases in which rounds open and ballots are cast (server/voting.py). */
export const VOTING_PHASES = ["alternativas", "votacion"];

/**
 * Whether the room shows the stage tabs in this phase.
 * @param {string} phase
 * @returns {boolean}
 */
export const hasStage = (phase) => Object.prototype.hasOwnProperty.call(PHASE_TABS, phase);

/**
 * The tab a phase opens.
 * @param {string} phase
 * @returns {string|null} null when the phase has no stage (the tree phases)
 */
export const defaultTab = (phase) => (hasStage(phase) ? PHASE_TABS[phase] : null);

/**
 * Whether the address asks for the projector view (`?proyector=1`, or `0` to leave it).
 * @param {string} search `location.search`
 * @returns {boolean|null} null when the address does not say
 */
export const projectorFromSearch = (search) => {
  const value = new URLSearchParams(search || "").get("proyector");
  if (value === null) return null;
  return value !== "0" && value !== "false";
};
