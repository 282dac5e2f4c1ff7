// Message lookup for the browser: the strings live in server/locales/<lang>.json
// and reach the page as bootstrap.messages, so no text is duplicated in JS.

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

/**
 * A moment as the mesa's documents give it: central Mexico's time, 24-hour
 * clock in Spanish («21 nov 2026, 14:05»).
 * @param {string} iso an ISO date-time
 * @param {string} lang
 * @returns {string}
 */
export const formatMexicoTime = (iso, lang) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso || "";
  const english = lang === "en";
  return new Intl.DateTimeFormat(english ? "en" : "es-MX", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "America/Mexico_City",
    ...(english ? {} : { hourCycle: "h23" }),
  }).format(date);
};
