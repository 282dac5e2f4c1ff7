// The feasibility and viability review in the browser, without the DOM: who
// may record it when, the requests the server wants (checked here first so a
// mistake is told before sending), and the review updated with an answer.
// The rules are the server's (workshops/assessment.py, docs/voting.md).

export const LEVEL_ALTA = "alta";
export const LEVEL_MEDIA = "media";
export const LEVEL_BAJA = "baja";
/** The levels, highest first; a cell without one is pending. */
export const LEVELS = [LEVEL_ALTA, LEVEL_MEDIA, LEVEL_BAJA];
/** How a pending cell is named in messages (`assessment.level_none`). */
export const LEVEL_NONE = "none";

export const NOTE_MAX = 1000;
export const CRITERIA_MIN = 1;
export const CRITERIA_MAX = 12;
export const CRITERION_LABEL_MAX = 120;

/** Phases in which the mesa's assessment is recorded. */
export const ASSESSMENT_PHASES = ["alternativas", "votacion", "hoja_de_ruta"];
/** The criteria are edited in any phase but the last one. */
const CLOSED_PHASE = "cierre";
const FACILITATOR = "facilitator";

/**
 * Whether this person records assessments now (the facilitator, after the
 * discussion; never from the projector).
 * @param {string} role
 * @param {string} phase
 * @param {boolean} projector
 * @returns {boolean}
 */
export const canAssess = (role, phase, projector) =>
  role === FACILITATOR && !projector && ASSESSMENT_PHASES.includes(phase);

/**
 * Whether this person edits the criteria now.
 * @param {string} role
 * @param {string} phase
 * @param {boolean} projector
 * @returns {boolean}
 */
export const canEditCriteria = (role, phase, projector) => role === FACILITATOR && !projector && phase !== CLOSED_PHASE;

/**
 * The message key naming a level (or its absence).
 * @param {string|null|undefined} level
 * @returns {string}
 */
export const levelKey = (level) => `assessment.level_${LEVELS.includes(level) ? level : LEVEL_NONE}`;

/**
 * The body of PUT …/alternatives/{alt}/assessment, or what is wrong.
 * @param {{criterion: string, level: string, note: string}} form level "" for none
 * @returns {{body: {criterion: string, level: string|null, note: string}|null, problem: string|null}}
 *   problem: `level` (unknown) or `note` (too long)
 */
export const cellRequest = ({ criterion, level, note }) => {
  if (level && !LEVELS.includes(level)) return { body: null, problem: "level" };
  const text = (note || "").trim();
  if (text.length > NOTE_MAX) return { body: null, problem: "note" };
  return { body: { criterion, level: level || null, note: text }, problem: null };
};

/**
 * The criteria as the editor starts them (a copy the form may change).
 * @param {Array<{id: string, label: string}>} criteria
 * @returns {Array<{id: string|null, label: string}>}
 */
export const criteriaDraft = (criteria) => (criteria || []).map((c) => ({ id: c.id, label: c.label }));

/**
 * The body of PUT …/assessment/criteria, or the first problem: `count`
 * (1 to 12), `label` (empty), `long` (over 120 characters) or `duplicate`
 * (two criteria with one name), with the criterion's index. New criteria
 * have no id: the server makes one from the label.
 * @param {Array<{id: string|null, label: string}>} draft
 * @returns {{body: {criteria: Array<{id?: string, label: string}>}|null, problem: string|null, index: number}}
 */
export const criteriaRequest = (draft) => {
  if (draft.length < CRITERIA_MIN || draft.length > CRITERIA_MAX) return { body: null, problem: "count", index: -1 };
  const seen = new Set();
  const criteria = [];
  for (const [index, item] of draft.entries()) {
    const label = item.label.trim();
    if (!label) return { body: null, problem: "label", index };
    if (label.length > CRITERION_LABEL_MAX) return { body: null, problem: "long", index };
    const key = label.toLocaleLowerCase("es");
    if (seen.has(key)) return { body: null, problem: "duplicate", index };
    seen.add(key);
    criteria.push(item.id ? { id: item.id, label } : { label });
  }
  return { body: { criteria }, problem: null, index: -1 };
};

/**
 * The review with one cell replaced by the server's answer to a PUT (so the
 * table shows it at once, before the next poll).
 * @param {any} review GET …/assessment
 * @param {string} alternativeId
 * @param {{criterion: string, level: string|null, note: string, updated_by: string, updated_at: string,
 *   revision: number, summary: object}} answer
 * @returns {any}
 */
export const withCell = (review, alternativeId, answer) => {
  if (!review || !Array.isArray(review.alternatives)) return review;
  const { criterion, summary, level, note, revision, updated_by: updatedBy, updated_at: updatedAt } = answer;
  return {
    ...review,
    alternatives: review.alternatives.map((row) =>
      row.alternative_id !== alternativeId
        ? row
        : {
            ...row,
            cells: { ...row.cells, [criterion]: { level, note, updated_by: updatedBy, updated_at: updatedAt, revision } },
            summary: summary || row.summary,
          },
    ),
  };
};

/**
 * The counts of a summary in level order, for a line like «Alta 2 · Media 1 · Baja 0».
 * @param {{counts?: Record<string, number>, pending?: string[]}} summary
 * @returns {Array<{level: string, count: number}>} the levels, then `none` with the pending count
 */
export const summaryParts = (summary) => {
  const counts = (summary && summary.counts) || {};
  const pending = (summary && summary.pending) || [];
  return [
    ...LEVELS.map((level) => ({ level, count: Number(counts[level]) || 0 })),
    { level: LEVEL_NONE, count: pending.length },
  ];
};
