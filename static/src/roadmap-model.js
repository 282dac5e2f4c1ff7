// The hoja de ruta in the browser, without the DOM: its eight fields as the
// `roadmap` Yjs document holds them (document-schema.js, docs/realtime.md),
// the draft the live check reads (the shape of workshops.roadmap
// roadmap_to_dict), new activities, indicators and organizations, the weights'
// total, numbers as people type them, and the check's issues by field path
// (`activities.2.end`, counted from 0).

import * as Y from "yjs";
import { ROADMAP_ITEM_ID, ROADMAP_ITEMS } from "./document-schema.js";
import { newId } from "./ids.js";
import { LOCAL_ORIGIN } from "./tree-model.js";

/** The eight sections, numbered as the Guía Básica numbers them (1–8). */
export const SECTIONS = [
  "responsible",
  "organizations",
  "activities",
  "result",
  "products",
  "indicators",
  "verification",
  "dates",
];

export const RESPONSIBLE_KEYS = ["name", "position", "institution"];
export const ORGANIZATION_KEYS = ["name", "contact"];
export const ACTIVITY_KEYS = ["description", "responsible", "start", "end", "products", "verification", "weight"];
export const INDICATOR_TEXT_KEYS = ["name", "definition", "method", "unit", "frequency"];
export const INDICATOR_KEYS = [...INDICATOR_TEXT_KEYS, "baseline", "goal", "direction", "verification"];
export const BASELINE_KEYS = ["value", "year"];
export const DIRECTIONS = ["ascendente", "descendente", "constante"];

/** The repeatable items: list key → the keys of one item. */
export const ITEM_KINDS = {
  organizations: ORGANIZATION_KEYS,
  activities: ACTIVITY_KEYS,
  indicators: INDICATOR_KEYS,
};
/** Keys of an item that are one Y.Text with one entry per line. */
const LINE_KEYS = new Set(["products", "verification"]);
/** Keys of an item that are plain values (null while empty). */
const PLAIN_KEYS = new Set(["start", "end", "weight", "goal", "direction"]);

/** Server limits (workshops/field_reader.py, roadmap.py, roadmap_validation.py). */
export const SHORT_TEXT_MAX = 300;
export const LONG_TEXT_MAX = 4000;
export const MAX_ITEMS = { organizations: 30, activities: 100, indicators: 30 };
export const WEIGHT_TOTAL = 100;
const WEIGHT_TOLERANCE = 0.005;
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

export const SEVERITY_ERROR = "error";
export const SEVERITY_WARNING = "warning";
/** The check's rule for a field left empty: beside the field it reads as a reminder, not a fault. */
export const RULE_REQUIRED = "required";

/** Quiet time after an edit (mine or someone else's) before the live check, and its upper bound. */
export const CHECK_DELAY_MS = 600;
export const CHECK_MAX_WAIT_MS = 3000;

/**
 * The root map of the document: commitment id → that commitment's hoja de ruta.
 * @param {Y.Doc} doc
 * @returns {Y.Map<any>}
 */
export const roadmapsMap = (doc) => doc.getMap(ROADMAP_ITEMS);

/**
 * One commitment's hoja de ruta, once the server has created it.
 * @param {Y.Doc} doc
 * @param {string} commitmentId
 * @returns {Y.Map<any>|null}
 */
export const findRoadmap = (doc, commitmentId) => {
  const value = roadmapsMap(doc).get(commitmentId);
  return value instanceof Y.Map ? value : null;
};

/**
 * What a value of the document becomes in the draft: Y types as their JSON,
 * anything else as it is, so that a value of the wrong type (a hostile
 * client's) reaches the check and is named there rather than hidden here.
 */
const toPlain = (value) => {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.AbstractType) return value.toJSON();
  return value === undefined ? null : value;
};

const textOf = (value) => {
  const plain = toPlain(value);
  if (plain === null) return "";
  return typeof plain === "string" ? plain.normalize("NFC").trim() : plain;
};

/**
 * A list kept as one text with one entry per line: the non-blank lines, trimmed.
 * @param {unknown} value a Y.Text (or, from another client, a string)
 * @returns {any}
 */
export const linesOf = (value) => {
  const plain = toPlain(value);
  if (plain === null) return [];
  if (typeof plain !== "string") return plain;
  return plain
    .split(/\r\n|\r|\n/)
    .map((line) => line.normalize("NFC").trim())
    .filter((line) => line !== "");
};

const plainOf = (value) => {
  const plain = toPlain(value);
  return plain === "" ? null : plain;
};

/**
 * The Y.Map items of one list (anything else in the Y.Array is skipped).
 * @param {Y.Map<any>} roadmap
 * @param {string} kind organizations | activities | indicators
 * @returns {Y.Map<any>[]}
 */
export const itemsOf = (roadmap, kind) => {
  const list = roadmap.get(kind);
  return list instanceof Y.Array ? list.toArray().filter((item) => item instanceof Y.Map) : [];
};

const objectOf = (value, keys, read) => {
  const out = {};
  for (const key of keys) out[key] = read(key, value instanceof Y.Map ? value.get(key) : undefined);
  return out;
};

const readItemKey = (key, value) => {
  if (LINE_KEYS.has(key)) return linesOf(value);
  if (PLAIN_KEYS.has(key)) return plainOf(value);
  if (key === "baseline") return objectOf(value, BASELINE_KEYS, (_k, v) => plainOf(v));
  return textOf(value);
};

/**
 * The draft the live check reads (POST …/roadmap/check): the shape of
 * workshops.roadmap.roadmap_to_dict without the agreement record; texts
 * trimmed, line lists as their non-blank lines, empty plain values null.
 * @param {Y.Map<any>} roadmap
 * @returns {Record<string, any>}
 */
export const draftFromMap = (roadmap) => ({
  responsible: objectOf(roadmap.get("responsible"), RESPONSIBLE_KEYS, (_k, v) => textOf(v)),
  organizations: itemsOf(roadmap, "organizations").map((item) => objectOf(item, ORGANIZATION_KEYS, readItemKey)),
  activities: itemsOf(roadmap, "activities").map((item) => objectOf(item, ACTIVITY_KEYS, readItemKey)),
  result: textOf(roadmap.get("result")),
  products: linesOf(roadmap.get("products")),
  indicators: itemsOf(roadmap, "indicators").map((item) => objectOf(item, INDICATOR_KEYS, readItemKey)),
  verification: linesOf(roadmap.get("verification")),
  start: plainOf(roadmap.get("start")),
  end: plainOf(roadmap.get("end")),
});

/**
 * A new item with a fresh id and every key (texts as new Y.Text, plain values
 * null): the only structure clients create; the server creates the rest.
 * @param {string} kind organizations | activities | indicators
 * @param {string} [id]
 * @returns {Y.Map<any>}
 */
export const newItem = (kind, id = newId()) => {
  const keys = ITEM_KINDS[kind];
  if (!keys) throw new Error(`Unknown roadmap list: ${kind}`);
  const item = new Y.Map();
  item.set(ROADMAP_ITEM_ID, id);
  for (const key of keys) {
    if (PLAIN_KEYS.has(key)) item.set(key, null);
    else if (key === "baseline") {
      const baseline = new Y.Map();
      for (const part of BASELINE_KEYS) baseline.set(part, null);
      item.set(key, baseline);
    } else item.set(key, new Y.Text());
  }
  return item;
};

/**
 * Appends a new item to a list of the hoja de ruta.
 * @param {Y.Map<any>} roadmap
 * @param {string} kind
 * @returns {string|null} the new item's id, null when the list is missing or full
 */
export const addItem = (roadmap, kind) => {
  const list = roadmap.get(kind);
  if (!(list instanceof Y.Array) || list.length >= MAX_ITEMS[kind]) return null;
  const item = newItem(kind);
  transact(roadmap, () => list.push([item]));
  return item.get(ROADMAP_ITEM_ID);
};

/**
 * Deletes the item with this id from a list (wherever it is by now).
 * @param {Y.Map<any>} roadmap
 * @param {string} kind
 * @param {string} id
 * @returns {boolean} whether it was there
 */
export const removeItem = (roadmap, kind, id) => {
  const list = roadmap.get(kind);
  if (!(list instanceof Y.Array)) return false;
  const index = list.toArray().findIndex((item) => item instanceof Y.Map && item.get(ROADMAP_ITEM_ID) === id);
  if (index < 0) return false;
  transact(roadmap, () => list.delete(index, 1));
  return true;
};

/**
 * Sets a plain value (a date, a number, the direction); "" and undefined become null.
 * @param {Y.Map<any>} map
 * @param {string} key
 * @param {string|number|null|undefined} value
 */
export const setPlain = (map, key, value) => {
  const next = value === "" || value === undefined ? null : value;
  if (map.get(key) === next) return;
  transact(map, () => map.set(key, next));
};

const transact = (type, run) => {
  if (type.doc) type.doc.transact(run, LOCAL_ORIGIN);
  else run();
};

/**
 * The sum of the activities' weights that are numbers, to two decimals.
 * @param {Array<{weight: unknown}>} activities
 * @returns {number}
 */
export const weightTotal = (activities) => {
  let total = 0;
  for (const activity of activities) if (isNumber(activity.weight)) total += activity.weight;
  return Math.round(total * 100) / 100;
};

/**
 * Whether the weights add up to 100 (as the server counts it).
 * @param {number} total
 * @returns {boolean}
 */
export const isFullWeight = (total) => Math.abs(total - WEIGHT_TOTAL) <= WEIGHT_TOLERANCE;

const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

/**
 * Reads a number as people type it: «12», «12.5», «12,5», «-3»; blank is null.
 * @param {string} text
 * @param {{integer?: boolean}} [options]
 * @returns {{ok: boolean, value: number|null}} ok false when it is not a number (the value stays as it was)
 */
export const parseNumber = (text, { integer = false } = {}) => {
  const clean = String(text).trim().replace(/\s+/g, "");
  if (clean === "") return { ok: true, value: null };
  const pattern = integer ? /^-?\d+$/ : /^-?(\d+([.,]\d*)?|[.,]\d+)$/;
  if (!pattern.test(clean)) return { ok: false, value: null };
  const value = Number(clean.replace(",", "."));
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, value: null };
};

/**
 * A number as the form shows it: no exponent, at most the decimals it has.
 * @param {unknown} value
 * @returns {string} "" for anything that is not a finite number
 */
export const numberText = (value) => (isNumber(value) ? String(value) : "");

/**
 * @typedef {object} Issue
 * @property {string} field dotted path counted from 0 (`activities.2.end`)
 * @property {string} severity "error" | "warning"
 * @property {string} message in Spanish, from the server
 * @property {string} rule
 */

/**
 * The live check's issues by field path, in the order they came.
 * @param {Issue[]} issues
 * @returns {Map<string, Issue[]>}
 */
export const issuesByField = (issues) => {
  const byField = new Map();
  for (const issue of issues || []) {
    if (!issue || typeof issue.field !== "string") continue;
    if (!byField.has(issue.field)) byField.set(issue.field, []);
    byField.get(issue.field).push(issue);
  }
  return byField;
};

/**
 * Whether an issue marks its field as wrong (aria-invalid): an error other
 * than a field still empty, which a form being filled in has many of.
 * @param {Issue} issue
 * @returns {boolean}
 */
export const isFault = (issue) => Boolean(issue) && issue.severity === SEVERITY_ERROR && issue.rule !== RULE_REQUIRED;

/**
 * How many errors (which block the agreement) and warnings there are.
 * @param {Issue[]} issues
 * @returns {{errors: number, warnings: number}}
 */
export const issueCounts = (issues) => {
  let errors = 0;
  let warnings = 0;
  for (const issue of issues || []) {
    if (issue && issue.severity === SEVERITY_ERROR) errors += 1;
    else if (issue && issue.severity === SEVERITY_WARNING) warnings += 1;
  }
  return { errors, warnings };
};

/**
 * A counted message: `key_one` for 1, `key_other` with {count} otherwise.
 * @param {(key: string, params?: object) => string} t
 * @param {string} key
 * @param {number} count
 * @returns {string}
 */
export const countText = (t, key, count) => (count === 1 ? t(`${key}_one`) : t(`${key}_other`, { count }));

/**
 * The section (1–8) an issue belongs to: its field's first part; the
 * commitment's dates are section 8.
 * @param {string} field
 * @returns {string}
 */
export const sectionOf = (field) => {
  const head = String(field || "").split(".")[0];
  return head === "start" || head === "end" ? "dates" : head;
};

/**
 * The error a refused check stands for: the server's message at its field
 * (a value of the wrong type or too long), shown like the other issues.
 * @param {{message: string, field?: string|null}} error an ApiError
 * @returns {Issue}
 */
export const issueFromError = (error) => ({
  field: typeof error.field === "string" && error.field ? error.field : "",
  severity: SEVERITY_ERROR,
  message: error.message,
  rule: "format",
});

/**
 * The id of the form control for a field path; its issues list adds `-issues`.
 * @param {string} prefix unique per commitment on the page
 * @param {string} path
 * @returns {string}
 */
export const fieldId = (prefix, path) => `${prefix}-${path.replace(/[^A-Za-z0-9_-]+/g, "-")}`;

/**
 * Whether the draft says the same as the agreed hoja de ruta (its record
 * fields aside): when not, the mesa changed it after the agreement.
 * @param {Record<string, any>} draft
 * @param {Record<string, any>|null} agreed
 * @returns {boolean}
 */
export const sameAsAgreed = (draft, agreed) => {
  if (!agreed || typeof agreed !== "object") return false;
  const { agreed_at: _at, agreed_by: _by, ...content } = agreed;
  return deepEqual(draft, content);
};

const deepEqual = (a, b) => {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (!a || !b || typeof a !== "object" || typeof b !== "object") return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
};
