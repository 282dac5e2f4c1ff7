// The plan's own data: title, entity, type, organismo garante, term,
// approval date and the Secretariado Técnico's members. Saved with one
// button (PUT /api/plans/{id}), which sends only the fields changed here,
// each with the stored value it started from (plan-edit-model.js). The
// server's error appears next to the input it names and that input takes
// the focus. When someone else saved one of those fields first, nothing is
// saved: what was typed stays, the stored value is shown beside the field,
// and the person keeps theirs or takes the stored one. Fields not touched
// here follow the plan as it is read again after other changes.

import { useEffect, useState } from "preact/hooks";
import { updatePlan } from "./plan-api.js";
import {
  afterSave,
  conflictsOf,
  detailsEdit,
  detailsStart,
  followServer,
  settleConflict,
  storedText,
  touchedFields,
} from "./plan-edit-model.js";
import {
  PLAN_TYPES,
  SECRETARIAT_SECTORS,
  detailsForm,
  fieldInputId,
  memberRequestIndex,
  newMember,
  sectorLabelKey,
} from "./plan-model.js";

const TEXT_MAX = 200;

/** The ids an input is described by, without the empty ones. */
const describedBy = (...ids) => ids.filter(Boolean).join(" ") || undefined;

/**
 * @param {object} props
 * @param {Record<string, any>} props.plan
 * @param {string} props.planId
 * @param {() => Promise<void>} props.onSaved
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanDetails({ plan, planId, onSaved, lang, t }) {
  // The form, and per field the stored value it started from.
  const [edit, setEdit] = useState(() => ({ form: detailsForm(plan), start: detailsStart(plan) }));
  // Fields someone else saved first: field → the value stored now.
  const [conflicts, setConflicts] = useState({});
  const [status, setStatus] = useState({ busy: false, saved: false, error: "", inputId: null });
  const [focusId, setFocusId] = useState(null);
  const { form } = edit;
  const dirty = touchedFields(edit.form, edit.start).length > 0;

  // The server's details changed (another tab, a save here): the fields not
  // touched here follow them.
  const serverKey = JSON.stringify(detailsStart(plan));
  useEffect(() => {
    setEdit((current) => followServer(current, plan));
  }, [serverKey]);

  useEffect(() => {
    if (!focusId) return;
    const element = document.getElementById(focusId);
    if (element) element.focus();
    setFocusId(null);
  }, [focusId]);

  const change = (next) => {
    setEdit((current) => ({ ...current, form: next }));
    setStatus((s) => ({ ...s, saved: false }));
  };
  const set = (name) => (event) => change({ ...form, [name]: event.currentTarget.value });
  const setMember = (index, name) => (event) =>
    change({
      ...form,
      secretariat: form.secretariat.map((m, i) => (i === index ? { ...m, [name]: event.currentTarget.value } : m)),
    });
  const addMember = () => {
    change({ ...form, secretariat: [...form.secretariat, newMember(form.secretariat)] });
    setFocusId(`plan-secretariat-${form.secretariat.length}-name`);
  };
  const removeMember = (index) => {
    change({ ...form, secretariat: form.secretariat.filter((_, i) => i !== index) });
    setFocusId("plan-secretariat-add");
  };

  const save = async (current) => {
    const sent = detailsEdit(current.form, current.start);
    setStatus({ busy: true, saved: false, error: "", inputId: null });
    try {
      const answer = await updatePlan(planId, sent, { networkMessage: t("error.network") });
      setEdit((now) => afterSave(now, sent, answer));
      setConflicts({});
      setStatus({ busy: false, saved: true, error: "", inputId: null });
      await onSaved();
    } catch (err) {
      const found = conflictsOf(err);
      if (found) {
        // Nothing was saved; what was typed stays until the person chooses.
        setConflicts(found);
        setStatus({ busy: false, saved: false, error: err.message, inputId: null });
        setFocusId(fieldInputId(Object.keys(found)[0]));
        return;
      }
      const inputId = fieldInputId(err.field, memberRequestIndex(current.form));
      setStatus({ busy: false, saved: false, error: err.message, inputId: document.getElementById(inputId || "") ? inputId : null });
      setFocusId(inputId || "plan-details-error");
    }
  };

  const submit = (event) => {
    event.preventDefault();
    save(edit);
  };

  /** Keep what was typed in `name` (its stored value becomes its base), or take the stored one. */
  const settle = (name, keep) => {
    const next = settleConflict(edit, name, conflicts[name], keep);
    const rest = { ...conflicts };
    delete rest[name];
    setEdit(next);
    setConflicts(rest);
    setFocusId(fieldInputId(name));
    // Every conflict settled: the save the person asked for goes again.
    if (Object.keys(rest).length === 0) save(next);
  };

  /** What is stored now next to a field someone else saved first, and the two choices. */
  const conflictOf = (name) => {
    if (!(name in conflicts)) return { id: undefined, block: null };
    const id = `plan-${name}-conflict`;
    const label = t(name === "secretariat" ? "plan.secretariat_title" : `plan.field_${name}`);
    return {
      id,
      block: (
        <div class="notice notice--warning plan-conflict">
          <p id={id} role="alert">
            {t("plan.conflict_stored", { value: storedText(name, conflicts[name], lang, t) })}
          </p>
          <div class="plan-conflict-actions">
            <button
              type="button"
              class="button button--small"
              onClick={() => settle(name, true)}
              aria-label={t("plan.conflict_keep_mine_aria", { field: label })}
            >
              {t("plan.conflict_keep_mine")}
            </button>
            <button
              type="button"
              class="button button--small"
              onClick={() => settle(name, false)}
              aria-label={t("plan.conflict_take_stored_aria", { field: label })}
            >
              {t("plan.conflict_take_stored")}
            </button>
          </div>
        </div>
      ),
    };
  };

  /** aria attributes and the message under an input the server's error names */
  const errorOf = (id) =>
    status.inputId === id
      ? {
          attrs: { "aria-invalid": "true", "aria-describedby": `${id}-error` },
          message: (
            <p id={`${id}-error`} class="field-error" role="alert">
              {status.error}
            </p>
          ),
        }
      : { attrs: {}, message: null };

  const textField = (name, { required = false, hint = "" } = {}) => {
    const id = `plan-${name}`;
    const error = errorOf(id);
    const conflict = conflictOf(name);
    return (
      <div class="field">
        <label for={id}>
          {t(`plan.field_${name}`)} {!required && <span class="optional">{t("common.optional")}</span>}
        </label>
        {hint && (
          <p class="field-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <input
          id={id}
          type="text"
          maxLength={TEXT_MAX}
          required={required}
          value={form[name]}
          onInput={set(name)}
          {...error.attrs}
          aria-describedby={describedBy(hint && `${id}-hint`, error.attrs["aria-describedby"], conflict.id)}
        />
        {error.message}
        {conflict.block}
      </div>
    );
  };
  const dateField = (name, required) => {
    const id = `plan-${name}`;
    const error = errorOf(id);
    const conflict = conflictOf(name);
    return (
      <div class="field">
        <label for={id}>
          {t(`plan.field_${name}`)} {!required && <span class="optional">{t("common.optional")}</span>}
        </label>
        <input
          id={id}
          type="date"
          required={required}
          value={form[name]}
          onInput={set(name)}
          {...error.attrs}
          aria-describedby={describedBy(error.attrs["aria-describedby"], conflict.id)}
        />
        {error.message}
        {conflict.block}
      </div>
    );
  };
  const typeError = errorOf("plan-type");
  const typeConflict = conflictOf("type");
  const secretariatConflict = conflictOf("secretariat");

  return (
    <section class="card plan-details" aria-labelledby="plan-details-title">
      <h2 id="plan-details-title">{t("plan.details_title")}</h2>
      <form onSubmit={submit} noValidate>
        {textField("title")}
        <div class="plan-fields-2">
          {textField("entity", { required: true })}
          <div class="field">
            <label for="plan-type">{t("plan.field_type")}</label>
            <select
              id="plan-type"
              value={form.type}
              onChange={set("type")}
              {...typeError.attrs}
              aria-describedby={describedBy(typeError.attrs["aria-describedby"], typeConflict.id)}
            >
              {PLAN_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`plan.type_${type}`)}
                </option>
              ))}
            </select>
            {typeError.message}
            {typeConflict.block}
          </div>
        </div>
        {textField("guarantor", { hint: t("plan.field_guarantor_hint") })}
        <div class="plan-fields-3">
          {dateField("start", true)}
          {dateField("end", true)}
          {dateField("approved_on", false)}
        </div>

        <fieldset
          class="plan-secretariat"
          aria-describedby={describedBy("plan-secretariat-hint", secretariatConflict.id)}
        >
          <legend>{t("plan.secretariat_title")}</legend>
          <p class="field-hint" id="plan-secretariat-hint">
            {t("plan.secretariat_hint")}
          </p>
          {secretariatConflict.block}
          {form.secretariat.length === 0 && <p class="plan-empty">{t("plan.secretariat_none")}</p>}
          <ol class="plan-members">
            {form.secretariat.map((member, index) => {
              const base = `plan-secretariat-${index}`;
              const nameError = errorOf(`${base}-name`);
              const orgError = errorOf(`${base}-organization`);
              const sectorError = errorOf(`${base}-sector`);
              return (
                <li key={index} class="plan-member">
                  <fieldset>
                    <legend>{t("plan.member_n", { n: index + 1 })}</legend>
                    <div class="plan-member-fields">
                      <div class="field">
                        <label for={`${base}-name`}>{t("plan.member_name")}</label>
                        <input
                          id={`${base}-name`}
                          type="text"
                          maxLength={TEXT_MAX}
                          value={member.name}
                          onInput={setMember(index, "name")}
                          {...nameError.attrs}
                        />
                        {nameError.message}
                      </div>
                      <div class="field">
                        <label for={`${base}-organization`}>
                          {t("plan.member_organization")} <span class="optional">{t("common.optional")}</span>
                        </label>
                        <input
                          id={`${base}-organization`}
                          type="text"
                          maxLength={TEXT_MAX}
                          value={member.organization}
                          onInput={setMember(index, "organization")}
                          {...orgError.attrs}
                        />
                        {orgError.message}
                      </div>
                      <div class="field">
                        <label for={`${base}-sector`}>{t("plan.member_sector")}</label>
                        <select
                          id={`${base}-sector`}
                          value={member.sector}
                          onChange={setMember(index, "sector")}
                          {...sectorError.attrs}
                        >
                          {SECRETARIAT_SECTORS.map((sector) => (
                            <option key={sector} value={sector}>
                              {t(sectorLabelKey(sector))}
                            </option>
                          ))}
                        </select>
                        {sectorError.message}
                      </div>
                    </div>
                    <button
                      type="button"
                      class="button button--small button--danger"
                      onClick={() => removeMember(index)}
                      aria-label={t("plan.member_remove_aria", { n: index + 1, name: member.name || "" })}
                    >
                      {t("plan.member_remove")}
                    </button>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            id="plan-secretariat-add"
            class="button button--small button--add"
            onClick={addMember}
            aria-describedby={status.inputId === "plan-secretariat-add" ? "plan-secretariat-add-error" : undefined}
          >
            {t("plan.member_add")}
          </button>
          {errorOf("plan-secretariat-add").message}
        </fieldset>

        <div class="plan-save">
          <button type="submit" class="button button--primary" disabled={status.busy}>
            {status.busy ? t("plan.saving") : t("plan.save_details")}
          </button>
          <p class="save" role="status">
            {Object.keys(conflicts).length > 0
              ? t("plan.conflict_pending")
              : status.saved && !dirty
                ? t("plan.saved")
                : dirty
                  ? t("plan.unsaved")
                  : ""}
          </p>
        </div>
        <p id="plan-details-error" class="form-message form-message--error" role="alert" tabIndex={-1}>
          {status.error && !status.inputId ? status.error : ""}
        </p>
      </form>
    </section>
  );
}
