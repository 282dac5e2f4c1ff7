// The commitment sheet (ficha de compromiso) in the browser: its fields as
// the server names them (workshops/commitment.py), the status steps, and the
// sheet read from its Yjs document (`<workshop>/sheet-<commitment id>`,
// docs/realtime.md): texts are Y.Text, the two choice lists Y.Map of
// choice -> boolean, every key created by the server.

import * as Y from "yjs";
import { ARTIFACT_SHEET, LIVE_TOPIC_COMMITMENTS, SHEET_ARTIFACT_SEPARATOR } from "./document-schema.js";

export const STATUS_PRELIMINAR = "preliminar";
export const STATUS_EN_REVISION = "en_revision";
export const STATUS_DEFINITIVO = "definitivo";
export const STATUSES = [STATUS_PRELIMINAR, STATUS_EN_REVISION, STATUS_DEFINITIVO];

export const OGP_VALUES = ["transparencia", "participacion", "rendicion_de_cuentas", "tecnologia_e_innovacion"];
export const SDG_NUMBERS = Array.from({ length: 17 }, (_, i) => i + 1);

/** Free-text fields, in the order the sheet shows them; `title` is one line and required. */
export const SHEET_TEXT_FIELDS = [
  "title",
  "problem",
  "description",
  "how_it_helps",
  "gender_perspective",
  "assumptions",
  "other_actors",
];
export const SHEET_LIST_FIELDS = ["ogp_values", "sdgs"];
export const SHEET_FIELDS = [...SHEET_TEXT_FIELDS, ...SHEET_LIST_FIELDS];
/** Server limit per text field. */
export const TEXT_FIELD_MAX = 4000;
/** The live topics after whose change the panel asks for the commitments again (texts arrive in their documents). */
export const COMMITMENTS_TOPICS = [LIVE_TOPIC_COMMITMENTS];

/**
 * The artifact of a commitment's sheet document.
 * @param {string} commitmentId
 * @returns {string}
 */
export const sheetArtifact = (commitmentId) => `${ARTIFACT_SHEET}${SHEET_ARTIFACT_SEPARATOR}${commitmentId}`;

/**
 * The status that follows, or null after the last one.
 * @param {string} status
 * @returns {string|null}
 */
export const nextStatus = (status) => {
  const index = STATUSES.indexOf(status);
  return index >= 0 && index < STATUSES.length - 1 ? STATUSES[index + 1] : null;
};

/**
 * A sheet with every field present (text fields as strings, lists as arrays).
 * @param {Record<string, any>|null|undefined} sheet
 * @returns {Record<string, any>}
 */
export const normalizeSheet = (sheet) => {
  const source = sheet && typeof sheet === "object" ? sheet : {};
  const out = {};
  for (const name of SHEET_TEXT_FIELDS) out[name] = typeof source[name] === "string" ? source[name] : "";
  out.ogp_values = Array.isArray(source.ogp_values) ? OGP_VALUES.filter((v) => source.ogp_values.includes(v)) : [];
  out.sdgs = Array.isArray(source.sdgs) ? SDG_NUMBERS.filter((n) => source.sdgs.includes(n)) : [];
  return out;
};

/**
 * The sheet a document's root map holds, read as the server reads it: a
 * text that is not a Y.Text reads as empty; a choice counts when it is `true`.
 * @param {import("yjs").Map<any>} fields the document's `sheet` map
 * @returns {Record<string, any>}
 */
export const sheetFromMap = (fields) => {
  const text = (name) => {
    const value = fields.get(name);
    return value instanceof Y.Text ? value.toString() : "";
  };
  const chosen = (name, order) => {
    const value = fields.get(name);
    return value instanceof Y.Map ? order.filter((choice) => value.get(String(choice)) === true) : [];
  };
  const sheet = {};
  for (const name of SHEET_TEXT_FIELDS) sheet[name] = text(name);
  sheet.ogp_values = chosen("ogp_values", OGP_VALUES);
  sheet.sdgs = chosen("sdgs", SDG_NUMBERS);
  return sheet;
};

/**
 * The fields still empty (as the server's `missing`): «definitivo» needs none.
 * @param {Record<string, any>} sheet
 * @returns {string[]}
 */
export const missingFields = (sheet) => SHEET_FIELDS.filter((name) => {
  const value = sheet[name];
  return Array.isArray(value) ? value.length === 0 : !String(value || "").trim();
});

/**
 * Adds or removes a value of a list field, keeping the canonical order.
 * @template T
 * @param {T[]} list
 * @param {T} value
 * @param {boolean} on
 * @param {T[]} order every possible value, in order
 * @returns {T[]}
 */
export const toggleValue = (list, value, on, order) => {
  const set = new Set(list);
  if (on) set.add(value);
  else set.delete(value);
  return order.filter((v) => set.has(v));
};
