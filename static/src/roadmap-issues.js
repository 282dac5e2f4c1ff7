// The live check's issues in the page's language. The server writes each
// message in Spanish and sends the facts it states (`params`: dates as ISO
// text, numbers, the item's number and name); in English the sentence is
// made here from the rule and those facts. A rule or field this file does
// not know keeps the server's sentence, so nothing is ever left unsaid.

import { formatDate } from "./i18n.js";

/** The label of each field path's last part, for «Missing …». */
const FIELD_KEYS = {
  activities: {
    description: "roadmap.field_description",
    responsible: "roadmap.field_responsible",
    start: "roadmap.field_start",
    end: "roadmap.field_end",
    products: "roadmap.field_products",
    verification: "roadmap.field_verification",
    weight: "roadmap.field_weight",
  },
  indicators: {
    name: "roadmap.field_indicator_name",
    definition: "roadmap.field_definition",
    method: "roadmap.field_method",
    unit: "roadmap.field_unit",
    frequency: "roadmap.field_frequency",
    direction: "roadmap.field_direction",
    goal: "roadmap.field_goal",
    verification: "roadmap.field_verification",
    "baseline.value": "roadmap.field_baseline_value",
    "baseline.year": "roadmap.field_baseline_year",
  },
  organizations: { name: "roadmap.field_name", contact: "roadmap.field_contact" },
};
const TOP_KEYS = {
  result: "roadmap.section_result",
  products: "roadmap.section_products",
  verification: "roadmap.section_verification",
  start: "roadmap.field_commitment_start",
  end: "roadmap.field_commitment_end",
};

/**
 * A field path as the form labels it («Activity 2: Description»), or "" if unknown.
 * @param {string} path
 * @param {(key: string, params?: object) => string} t
 * @returns {string}
 */
export const fieldLabel = (path, t) => {
  const parts = String(path || "").split(".");
  if (parts.length === 1 && TOP_KEYS[parts[0]]) return t(TOP_KEYS[parts[0]]);
  if (parts[0] === "responsible" && parts.length === 2 && ["name", "position", "institution"].includes(parts[1]))
    return `${t("roadmap.section_responsible")}: ${t(`roadmap.field_responsible_${parts[1]}`)}`;
  const keys = FIELD_KEYS[parts[0]];
  const index = Number(parts[1]);
  const key = keys && keys[parts.slice(2).join(".")];
  if (!key || !Number.isInteger(index) || index < 0) return "";
  return `${t(`roadmap.item_${parts[0]}`, { n: index + 1 })}: ${t(key)}`;
};

const numberText = (value, lang) =>
  typeof value === "number" ? new Intl.NumberFormat(lang === "en" ? "en" : "es-MX").format(value) : "";

/**
 * One issue's sentence in `lang`, or null when only the server's will do.
 * @param {{field: string, rule: string, params?: Record<string, any>}} issue
 * @param {(key: string, params?: object) => string} t
 * @param {string} lang
 * @returns {string|null}
 */
export const issueSentence = (issue, t, lang) => {
  const p = issue.params && typeof issue.params === "object" ? issue.params : {};
  const date = (value) => formatDate(value, lang);
  const indicator = () =>
    p.name ? t("roadmap.issue_indicator_named", { n: p.n, name: p.name }) : t("roadmap.issue_indicator", { n: p.n });
  const end = String(issue.field || "").endsWith("end");
  switch (issue.rule) {
    case "required": {
      if (["organizations", "activities", "indicators"].includes(issue.field))
        return t(`roadmap.issue_required_${issue.field}`);
      const label = fieldLabel(issue.field, t);
      return label ? t("roadmap.issue_required", { field: label }) : null;
    }
    case "commitment_dates_order":
      return t("roadmap.issue_commitment_dates_order", { start: date(p.start), end: date(p.end) });
    case "activity_dates_order":
      return t("roadmap.issue_activity_dates_order", { n: p.n, start: date(p.start), end: date(p.end) });
    case "activity_within_commitment":
      return t(end ? "roadmap.issue_activity_ends_late" : "roadmap.issue_activity_starts_early", {
        n: p.n,
        date: date(p.date),
        limit: date(p.limit),
      });
    case "commitment_within_term":
      return t(`roadmap.issue_term_${end ? "end" : "start"}_${p.plan_term ? "plan" : "year"}`, {
        start: date(p.term_start),
        end: date(p.term_end),
      });
    case "weights_total":
      return t("roadmap.issue_weights_total", { total: numberText(p.total, lang), goal: numberText(p.goal, lang) });
    case "indicator_baseline": {
      const missing = Array.isArray(p.missing) ? p.missing : [];
      const which = missing.length === 2 ? "both" : missing[0] === "year" ? "year" : "value";
      return t(`roadmap.issue_indicator_baseline_${which}`, { indicator: indicator() });
    }
    case "indicator_goal":
      return t("roadmap.issue_indicator_goal", { indicator: indicator() });
    case "indicator_direction":
      return t("roadmap.issue_indicator_direction", {
        indicator: indicator(),
        direction: t(`roadmap.direction_${p.direction}`).toLowerCase(),
        goal: numberText(p.goal, lang),
        baseline: numberText(p.baseline, lang),
      });
    case "activity_verification":
      return t("roadmap.issue_activity_verification", { n: p.n });
    case "indicator_verification":
      return t("roadmap.issue_indicator_verification", { n: p.n });
    default:
      return null;
  }
};

/**
 * The issues with their message in the page's language: Spanish is the
 * server's own sentence; another language is made from the rule and facts.
 * @template {{message: string}} T
 * @param {T[]} issues
 * @param {(key: string, params?: object) => string} t
 * @param {string} lang
 * @returns {T[]}
 */
export const localizeIssues = (issues, t, lang) => localizeWith(issueSentence, issues, t, lang);

const localizeWith = (sentenceOf, issues, t, lang) => {
  if (!Array.isArray(issues)) return [];
  if (!lang || lang.startsWith("es")) return issues;
  return issues.map((issue) => {
    const sentence = issue ? sentenceOf(issue, t, lang) : null;
    return sentence ? { ...issue, message: sentence } : issue;
  });
};

const NESTED = /^commitments\.(\d+)\.roadmap\.(.+)$/;

/**
 * One finding of the plan's check (validate_plan) in `lang`, or null: the
 * plan's own rules, and a commitment's hoja de ruta findings prefixed with
 * its number as the server prefixes them.
 * @param {{field: string, rule: string, params?: Record<string, any>}} issue
 * @param {(key: string, params?: object) => string} t
 * @param {string} lang
 * @returns {string|null}
 */
export const planIssueSentence = (issue, t, lang) => {
  const p = issue.params && typeof issue.params === "object" ? issue.params : {};
  switch (issue.rule) {
    case "secretariat_balance": {
      const missing = Array.isArray(p.missing) ? p.missing : [];
      if (!missing.length) return null;
      return t("plan.issue_secretariat_balance", {
        sectors: missing.map((code) => t(`sector.${code}`).toLowerCase()).join(", "),
      });
    }
    case "no_commitments":
      return t("plan.issue_no_commitments");
    case "approval_pending":
      return t("plan.issue_approval_pending");
    case "commitment_not_definitive":
    case "problem_tree_missing":
    case "roadmap_not_agreed":
      return t(`plan.issue_${issue.rule}`, { n: p.commitment });
    default: {
      const nested = NESTED.exec(String(issue.field || ""));
      if (!nested) return null;
      const sentence = issueSentence({ ...issue, field: nested[2] }, t, lang);
      return sentence ? `${t("roadmap.commitment_n", { n: Number(nested[1]) + 1 })}: ${sentence}` : null;
    }
  }
};

/**
 * The plan's findings in the page's language, as localizeIssues does for a
 * hoja de ruta.
 * @template {{message: string}} T
 * @param {T[]} issues
 * @param {(key: string, params?: object) => string} t
 * @param {string} lang
 * @returns {T[]}
 */
export const localizePlanIssues = (issues, t, lang) => localizeWith(planIssueSentence, issues, t, lang);
