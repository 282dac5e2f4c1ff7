// Message lookup for the browser: the strings live in server/locales/<lang>.json
// and reach the page as bootstrap.messages (readBootstrap in page.js takes them
// from dist/messages-<lang>-<hash>.js, which the build makes from those files),
// so no text is duplicated in JS.

/**
 * Builds a translator over a flat message dict.
 * Placeholders look like `{name}`; a missing key falls back to the key itself
 * so a gap is visible rather than silent.
 * @param {Record<string, string>} messages
 * @returns {(key: string, params?: Record<string, string|number>) => string}
 */
export const makeTranslator = (messages) => (key, params) => {
  const template = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
};

/**
 * Formats an ISO `YYYY-MM-DD` date for display, as a local calendar date
 * (parsing it as UTC would show the previous day west of Greenwich).
 * @param {string|null|undefined} isoDate
 * @param {string} lang
 * @returns {string}
 */
export const formatDate = (isoDate, lang) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || "");
  if (!match) return isoDate || "";
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  try {
    return new Intl.DateTimeFormat(lang === "en" ? "en" : "es-MX", { dateStyle: "long" }).format(date);
  } catch {
    return isoDate;
  }
};

/**
 * Finds the label of an `{id, label}` option, or the id when unknown.
 * @param {Array<{id: string, label: string}>} options
 * @param {string|null|undefined} id
 * @returns {string}
 */
export const labelOf = (options, id) => {
  const found = (options || []).find((option) => option.id === id);
  return found ? found.label : id || "";
};

/** The mesa's time zone: central Mexico (no daylight saving since 2022). */
export const MESA_TIME_ZONE = "America/Mexico_City";

/**
 * A moment as the mesa's documents give it, the same on every screen
 * whatever the browser's own zone: central Mexico's time on a 24-hour clock,
 * in both languages («21 nov 2026, 14:05»).
 * @param {string|number|Date} when an ISO date-time, or ms since the epoch
 * @param {string} lang
 * @param {{dateStyle?: "long"|"medium"|"short"|null}} [options] dateStyle null: the time alone
 * @returns {string}
 */
export const formatMexicoTime = (when, lang, { dateStyle = "medium" } = {}) => {
  const date = when instanceof Date ? when : new Date(when);
  if (Number.isNaN(date.getTime())) return typeof when === "string" ? when : "";
  return new Intl.DateTimeFormat(lang === "en" ? "en" : "es-MX", {
    ...(dateStyle ? { dateStyle } : {}),
    timeStyle: "short",
    timeZone: MESA_TIME_ZONE,
    hourCycle: "h23",
  }).format(date);
};
