// The «Datos de la mesa» form's logic (mesa-details.jsx): what it starts
// from, the change it sends (only the fields that changed, each with the
// value the form started from: PATCH /api/workshops/{id}, docs/api.md «The
// mesa's details») and where a refusal belongs.

/** The details a facilitator may correct, in the form's order. */
export const DETAIL_FIELDS = ["title", "entity", "problem_statement", "date", "place"];

/**
 * The details as the form shows them: texts, the date `AAAA-MM-DD` or "".
 * @param {Record<string, any>} workshop
 * @returns {Record<string, string>}
 */
export const detailsOf = (workshop) =>
  Object.fromEntries(DETAIL_FIELDS.map((field) => [field, workshop && workshop[field] ? String(workshop[field]) : ""]));

/**
 * The request body for what changed between `base` (what the form started
 * from) and `values` (what it holds now), or null when nothing changed.
 * Texts are compared and sent trimmed, as the server keeps them.
 * @param {Record<string, string>} base
 * @param {Record<string, string>} values
 * @returns {{changes: Record<string, string>, base: Record<string, string>}|null}
 */
export const detailsChange = (base, values) => {
  const changes = {};
  const from = {};
  for (const field of DETAIL_FIELDS) {
    const value = String(values[field] || "").trim();
    if (value === String(base[field] || "").trim()) continue;
    changes[field] = value;
    from[field] = base[field] || "";
  }
  return Object.keys(changes).length ? { changes, base: from } : null;
};

/**
 * The form field a refusal names (`changes.title`, `base.date`, `title`), or "".
 * @param {string|null|undefined} field
 * @returns {string}
 */
export const fieldOfRefusal = (field) => {
  const name = String(field || "").replace(/^(changes|base)\./, "");
  return DETAIL_FIELDS.includes(name) ? name : "";
};

/**
 * After a 409 `edit_conflict`: the form's base for each field in its
 * `conflicts` becomes that field's value now, so saving again replaces it
 * knowingly; the person's text stays.
 * @param {Record<string, string>} base
 * @param {Record<string, unknown>} conflicts field -> its stored value now
 * @returns {Record<string, string>}
 */
export const rebase = (base, conflicts) => {
  const next = { ...base };
  for (const [field, current] of Object.entries(conflicts || {})) {
    if (DETAIL_FIELDS.includes(field)) next[field] = current == null ? "" : String(current);
  }
  return next;
};
