// The commitment sheet (ficha de compromiso) in the browser: its fields as
// the server names them (workshops/commitment.py), the status steps, what
// changed locally since the last save, and how another person's saved
// changes are taken in without losing what this person is typing.

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
/** Quiet time after typing before the sheet is saved. */
export const SAVE_DELAY_MS = 1200;
/** How often an open sheet asks for other people's changes. */
export const SHEET_POLL_MS = 8000;

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

const same = (a, b) => (Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((v, i) => v === b[i]) : a === b);

/**
 * The fields that differ from the last saved sheet: the body of PUT …/commitments/{id}.
 * @param {Record<string, any>} saved
 * @param {Record<string, any>} local
 * @returns {Record<string, any>}
 */
export const sheetChanges = (saved, local) => {
  const changes = {};
  for (const name of SHEET_FIELDS) if (!same(saved[name], local[name])) changes[name] = local[name];
  return changes;
};

/**
 * Takes in a newer saved sheet: a field this person has not changed since
 * `saved` follows the server; one they changed keeps their text.
 * @param {Record<string, any>} local what the form shows
 * @param {Record<string, any>} saved the sheet the form started from
 * @param {Record<string, any>} server the sheet the server has now
 * @returns {Record<string, any>}
 */
export const mergeSheet = (local, saved, server) => {
  const merged = {};
  for (const name of SHEET_FIELDS) merged[name] = same(local[name], saved[name]) ? server[name] : local[name];
  return merged;
};

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
