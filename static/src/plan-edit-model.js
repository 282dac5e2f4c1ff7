// Editing the plan's details beside other editors, without the DOM
// (docs/plans.md, «Two editors at once»). The form remembers, field by field,
// the stored value it started from (`start`); a save sends only the fields
// that differ from it, each with that value as its base. The server refuses
// a field someone else changed meanwhile (409 `edit_conflict`, with what is
// stored now); the person then keeps theirs (the stored value becomes the
// base) or takes the stored one. Fields nobody here touched follow the server.

import { formatDate } from "./i18n.js";
import { DETAIL_FIELDS, detailsForm, detailsRequest, sectorLabelKey } from "./plan-model.js";

/** Every field a save may change, in the form's order. */
export const EDIT_FIELDS = [...DETAIL_FIELDS, "secretariat"];
/** The server's code for a save refused because someone else changed a field first. */
export const EDIT_CONFLICT = "edit_conflict";
const DATES = ["start", "end", "approved_on"];

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The stored value of every detail, as GET /api/plans/{id} gave it: what a
 * save names as its base.
 * @param {Record<string, any>} plan
 * @returns {Record<string, any>}
 */
export const detailsStart = (plan) => {
  const source = plan && typeof plan === "object" ? plan : {};
  const start = {};
  for (const name of DETAIL_FIELDS) {
    const value = source[name];
    start[name] = typeof value === "string" ? value : DATES.includes(name) ? null : "";
  }
  start.secretariat = (Array.isArray(source.secretariat) ? source.secretariat : []).map((m) => ({
    name: String((m && m.name) || ""),
    organization: String((m && m.organization) || ""),
    sector: String((m && m.sector) || ""),
  }));
  return start;
};

/**
 * One field of the form made from a stored value.
 * @param {string} name
 * @param {unknown} value
 */
const formValue = (name, value) => detailsForm({ [name]: value })[name];

/**
 * The fields whose form value differs from the one they started from.
 * @param {ReturnType<typeof detailsForm>} form
 * @param {Record<string, any>} start
 * @returns {string[]}
 */
export const changedFields = (form, start) => {
  const now = detailsRequest(form);
  const before = detailsRequest(detailsForm(start));
  return EDIT_FIELDS.filter((name) => !same(now[name], before[name]));
};

/**
 * The body of PUT /api/plans/{id}: the changed fields and, for each, the
 * stored value it started from.
 * @param {ReturnType<typeof detailsForm>} form
 * @param {Record<string, any>} start
 * @returns {{changes: Record<string, any>, base: Record<string, any>}}
 */
export const detailsEdit = (form, start) => {
  const request = detailsRequest(form);
  const body = { changes: {}, base: {} };
  for (const name of changedFields(form, start)) {
    body.changes[name] = request[name];
    body.base[name] = start[name];
  }
  return body;
};

/**
 * The fields touched here: their inputs differ from the value they started
 * from in any way, a blank Secretariado row or a trailing space included.
 * @param {ReturnType<typeof detailsForm>} form
 * @param {Record<string, any>} start
 * @returns {string[]}
 */
export const touchedFields = (form, start) => {
  const before = detailsForm(start);
  return EDIT_FIELDS.filter((name) => !same(form[name], before[name]));
};

/**
 * The plan as the server holds it now, taken in: a field nobody touched
 * here shows the stored value; one touched here keeps what was typed and the
 * value it started from (so a save still finds out if someone else changed
 * it).
 * @param {{form: ReturnType<typeof detailsForm>, start: Record<string, any>}} state
 * @param {Record<string, any>} plan
 */
export const followServer = ({ form, start }, plan) => {
  const touched = touchedFields(form, start);
  const stored = detailsStart(plan);
  const next = { form: { ...form }, start: { ...start } };
  for (const name of EDIT_FIELDS) {
    if (touched.includes(name)) continue;
    next.form[name] = formValue(name, stored[name]);
    next.start[name] = stored[name];
  }
  return next;
};

/**
 * After a save the server accepted (`plan` is its answer): the sent fields
 * start from what is stored now, and show it unless something was typed
 * there meanwhile; the others follow the server.
 * @param {{form: ReturnType<typeof detailsForm>, start: Record<string, any>}} state
 * @param {{changes: Record<string, any>}} sent
 * @param {Record<string, any>} plan
 */
export const afterSave = ({ form, start }, sent, plan) => {
  const stored = detailsStart(plan);
  const request = detailsRequest(form);
  const next = { form: { ...form }, start: { ...start } };
  for (const name of Object.keys(sent.changes)) {
    next.start[name] = stored[name];
    if (same(request[name], sent.changes[name])) next.form[name] = formValue(name, stored[name]);
  }
  return followServer(next, plan);
};

/**
 * The conflicts of a refused save: field → the value stored now, or null
 * when the error is not a conflict.
 * @param {{code?: string, details?: Record<string, any>}} error an api.js ApiError
 * @returns {Record<string, any>|null}
 */
export const conflictsOf = (error) => {
  const conflicts = error && error.code === EDIT_CONFLICT && error.details ? error.details.conflicts : null;
  if (!conflicts || typeof conflicts !== "object") return null;
  const known = Object.keys(conflicts).filter((name) => EDIT_FIELDS.includes(name));
  return known.length > 0 ? Object.fromEntries(known.map((name) => [name, conflicts[name]])) : null;
};

/**
 * Settles one conflicting field: `keep` what was typed (the stored value
 * becomes its base, so the next save replaces it knowingly), or take the
 * stored value into the form.
 * @param {{form: ReturnType<typeof detailsForm>, start: Record<string, any>}} state
 * @param {string} name
 * @param {unknown} stored the value the conflict named
 * @param {boolean} keep
 */
export const settleConflict = ({ form, start }, name, stored, keep) => ({
  form: keep ? form : { ...form, [name]: formValue(name, stored) },
  start: { ...start, [name]: stored },
});

/**
 * A stored value as a person reads it next to the field.
 * @param {string} name
 * @param {unknown} value
 * @param {string} lang
 * @param {(key: string, params?: object) => string} t
 * @returns {string}
 */
export const storedText = (name, value, lang, t) => {
  if (name === "secretariat") {
    const members = Array.isArray(value) ? value : [];
    const text = members
      .map((m) => {
        const who = [m.name, m.organization].filter(Boolean).join(", ");
        return `${who} (${t(sectorLabelKey(m.sector))})`;
      })
      .join("; ");
    return text || t("plan.conflict_empty");
  }
  if (value === null || value === undefined || value === "") return t("plan.conflict_empty");
  if (name === "type") return t(`plan.type_${value}`);
  if (DATES.includes(name)) return formatDate(String(value), lang);
  return `«${String(value)}»`;
};
