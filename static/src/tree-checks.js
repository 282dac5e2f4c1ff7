// The server's Marco Lógico checks of the tree (GET /api/workshops/{id}/tree →
// `checks`), read defensively and arranged for the checks panel and the node
// badges: errors and warnings apart, and for each node what concerns it.
// Rules come and go on the server; an unknown rule shows like any other.

export const SEVERITY_ERROR = "error";
export const SEVERITY_WARNING = "warning";
/** The rule whose entries offer «Fusionar» to the facilitator. */
export const RULE_LIKELY_DUPLICATE = "likely_duplicate";

/**
 * @typedef {object} Check
 * @property {string} key stable identity within one answer (rule, ids, message)
 * @property {string} rule
 * @property {string} severity SEVERITY_ERROR or SEVERITY_WARNING
 * @property {string[]} nodeIds
 * @property {string} message in Spanish, from the server (localizeChecks words it in English); shown as text
 * @property {Record<string, any>} params the facts the message states (count, length, max, phrase)
 */

/**
 * @typedef {object} CheckSummary
 * @property {Check[]} errors
 * @property {Check[]} warnings
 * @property {Map<string, {errors: number, warnings: number, messages: string[]}>} byNode
 */

/**
 * The `checks` of a tree answer as a clean list: entries that are not
 * objects, or have no rule or message, are skipped; an unknown severity
 * counts as a warning.
 * @param {unknown} raw
 * @returns {Check[]}
 */
export const readChecks = (raw) => {
  if (!Array.isArray(raw)) return [];
  const checks = [];
  const seen = new Map();
  for (const entry of raw) {
    if (!entry || typeof entry !== "object") continue;
    const rule = typeof entry.rule === "string" ? entry.rule : "";
    const message = typeof entry.message === "string" ? entry.message : "";
    if (!rule && !message) continue;
    const nodeIds = Array.isArray(entry.node_ids) ? entry.node_ids.filter((id) => typeof id === "string") : [];
    const severity = entry.severity === SEVERITY_ERROR ? SEVERITY_ERROR : SEVERITY_WARNING;
    const base = `${rule}\u0000${nodeIds.join("\u0000")}\u0000${message}`;
    const count = seen.get(base) || 0;
    seen.set(base, count + 1);
    const params = entry.params && typeof entry.params === "object" ? entry.params : {};
    checks.push({ key: count ? `${base}\u0000${count}` : base, rule, severity, nodeIds, message, params });
  }
  return checks;
};

/**
 * Errors and warnings apart, and what concerns each node.
 * @param {Check[]} checks
 * @returns {CheckSummary}
 */
export const summarizeChecks = (checks) => {
  const errors = checks.filter((check) => check.severity === SEVERITY_ERROR);
  const warnings = checks.filter((check) => check.severity !== SEVERITY_ERROR);
  const byNode = new Map();
  for (const check of [...errors, ...warnings]) {
    for (const id of new Set(check.nodeIds)) {
      if (!byNode.has(id)) byNode.set(id, { errors: 0, warnings: 0, messages: [] });
      const flags = byNode.get(id);
      if (check.severity === SEVERITY_ERROR) flags.errors += 1;
      else flags.warnings += 1;
      flags.messages.push(check.message);
    }
  }
  return { errors, warnings, byNode };
};

/**
 * The ids of a check that are nodes of the tree now (the answer may be a
 * moment older than the document, and some rules name edges' missing ends).
 * @param {Check} check
 * @param {{nodes: Map<string, unknown>}} tree
 * @returns {string[]}
 */
export const presentNodeIds = (check, tree) => check.nodeIds.filter((id) => tree.nodes.has(id));

/**
 * The two nodes a «Fusionar» button of a likely-duplicate entry would merge,
 * or null when it offers none (another rule, an end missing, different kinds).
 * @param {Check} check
 * @param {{nodes: Map<string, {kind: string}>}} tree
 * @returns {[string, string]|null}
 */
export const mergePairOf = (check, tree) => {
  if (check.rule !== RULE_LIKELY_DUPLICATE || check.nodeIds.length !== 2) return null;
  const [a, b] = check.nodeIds;
  const first = tree.nodes.get(a);
  const second = tree.nodes.get(b);
  if (!first || !second || a === b || first.kind !== second.kind) return null;
  return [a, b];
};

/** The rules whose sentence the messages word (`checks.rule_<rule>`, with length, max and phrase). */
const WORDED_RULES = new Set([
  "unknown_kind",
  "edge_to_missing_node",
  "self_loop",
  "no_cycles",
  "link_direction",
  "cause_reaches_problem",
  "effect_from_problem",
  "isolated_node",
  "empty_text",
  "text_too_long",
  "absence_of_solution",
  "compound_problem",
  "likely_duplicate",
]);

/**
 * The checks with their message in the page's language: Spanish keeps the
 * server's sentence; another language words it from the rule and `params`
 * (`checks.rule_*`), and an unknown rule keeps the server's sentence.
 * @param {Check[]} checks
 * @param {(key: string, params?: object) => string} t
 * @param {string} lang
 * @returns {Check[]}
 */
export const localizeChecks = (checks, t, lang) => {
  if (!lang || lang.startsWith("es")) return checks;
  const number = (value) => (typeof value === "number" ? new Intl.NumberFormat("en").format(value) : "");
  return checks.map((check) => {
    const p = check.params || {};
    let message = null;
    if (check.rule === "one_central_problem")
      message = p.count
        ? t("checks.rule_one_central_problem_many", { count: p.count })
        : t("checks.rule_one_central_problem_none");
    else if (WORDED_RULES.has(check.rule))
      message = t(`checks.rule_${check.rule}`, {
        length: number(p.length),
        max: number(p.max),
        phrase: typeof p.phrase === "string" ? p.phrase : "",
      });
    return message ? { ...check, message } : check;
  });
};
