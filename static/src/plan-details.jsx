// The plan's own data: title, entity, type, organismo garante, term,
// approval date and the Secretariado Técnico's members. Saved with one
// button (PUT /api/plans/{id}); the server's error appears next to the input
// it names and that input takes the focus. What is typed here is kept when
// the plan is read again after other changes (commitments, template).

import { useEffect, useState } from "preact/hooks";
import { updatePlan } from "./plan-api.js";
import {
  PLAN_TYPES,
  SECRETARIAT_SECTORS,
  detailsForm,
  detailsRequest,
  fieldInputId,
  memberRequestIndex,
  newMember,
  sectorLabelKey,
} from "./plan-model.js";

const TEXT_MAX = 200;

/**
 * @param {object} props
 * @param {Record<string, any>} props.plan
 * @param {string} props.planId
 * @param {() => Promise<void>} props.onSaved
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanDetails({ plan, planId, onSaved, t }) {
  const [form, setForm] = useState(() => detailsForm(plan));
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState({ busy: false, saved: false, error: "", inputId: null });
  const [focusId, setFocusId] = useState(null);

  // The server's details changed (another tab, a save here): follow them
  // unless something typed here is still unsaved.
  const serverKey = JSON.stringify(detailsRequest(detailsForm(plan)));
  useEffect(() => {
    if (!dirty) setForm(detailsForm(plan));
  }, [serverKey]);

  useEffect(() => {
    if (!focusId) return;
    const element = document.getElementById(focusId);
    if (element) element.focus();
    setFocusId(null);
  }, [focusId]);

  const edit = (next) => {
    setForm(next);
    setDirty(true);
    setStatus((s) => ({ ...s, saved: false }));
  };
  const set = (name) => (event) => edit({ ...form, [name]: event.currentTarget.value });
  const setMember = (index, name) => (event) =>
    edit({
      ...form,
      secretariat: form.secretariat.map((m, i) => (i === index ? { ...m, [name]: event.currentTarget.value } : m)),
    });
  const addMember = () => {
    edit({ ...form, secretariat: [...form.secretariat, newMember(form.secretariat)] });
    setFocusId(`plan-secretariat-${form.secretariat.length}-name`);
  };
  const removeMember = (index) => {
    edit({ ...form, secretariat: form.secretariat.filter((_, i) => i !== index) });
    setFocusId("plan-secretariat-add");
  };

  const submit = async (event) => {
    event.preventDefault();
    const sent = form;
    setStatus({ busy: true, saved: false, error: "", inputId: null });
    try {
      await updatePlan(planId, detailsRequest(sent), { networkMessage: t("error.network") });
      setDirty(false);
      setStatus({ busy: false, saved: true, error: "", inputId: null });
      await onSaved();
    } catch (err) {
      const inputId = fieldInputId(err.field, memberRequestIndex(sent));
      setStatus({ busy: false, saved: false, error: err.message, inputId: document.getElementById(inputId || "") ? inputId : null });
      setFocusId(inputId || "plan-details-error");
    }
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
          aria-describedby={hint ? `${id}-hint` : undefined}
          {...error.attrs}
        />
        {error.message}
      </div>
    );
  };
  const dateField = (name, required) => {
    const id = `plan-${name}`;
    const error = errorOf(id);
    return (
      <div class="field">
        <label for={id}>
          {t(`plan.field_${name}`)} {!required && <span class="optional">{t("common.optional")}</span>}
        </label>
        <input id={id} type="date" required={required} value={form[name]} onInput={set(name)} {...error.attrs} />
        {error.message}
      </div>
    );
  };
  const typeError = errorOf("plan-type");

  return (
    <section class="card plan-details" aria-labelledby="plan-details-title">
      <h2 id="plan-details-title">{t("plan.details_title")}</h2>
      <form onSubmit={submit} noValidate>
        {textField("title")}
        <div class="plan-fields-2">
          {textField("entity", { required: true })}
          <div class="field">
            <label for="plan-type">{t("plan.field_type")}</label>
            <select id="plan-type" value={form.type} onChange={set("type")} {...typeError.attrs}>
              {PLAN_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`plan.type_${type}`)}
                </option>
              ))}
            </select>
            {typeError.message}
          </div>
        </div>
        {textField("guarantor", { hint: t("plan.field_guarantor_hint") })}
        <div class="plan-fields-3">
          {dateField("start", true)}
          {dateField("end", true)}
          {dateField("approved_on", false)}
        </div>

        <fieldset class="plan-secretariat" aria-describedby="plan-secretariat-hint">
          <legend>{t("plan.secretariat_title")}</legend>
          <p class="field-hint" id="plan-secretariat-hint">
            {t("plan.secretariat_hint")}
          </p>
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
            {status.saved && !dirty ? t("plan.saved") : dirty ? t("plan.unsaved") : ""}
          </p>
        </div>
        <p id="plan-details-error" class="form-message form-message--error" role="alert" tabIndex={-1}>
          {status.error && !status.inputId ? status.error : ""}
        </p>
      </form>
    </section>
  );
}
