// The facilitator's «Datos de la mesa»: a button beside «Enlace para el
// proyector» that opens a form to correct the mesa's title, entity, problem
// statement, date and place (PATCH /api/workshops/{id}). Only what changed
// is sent, with the value the form started from: a field another tab saved
// meanwhile comes back as 409 `edit_conflict` (`conflicts`: each such field's
// value now), said at each such field with its current value and a button
// to take it; the person's text stays in the form (saving again then
// replaces the values shown knowingly). Every member's header shows the new
// details when the server pushes them (the live `phase` state).

import { useEffect, useRef, useState } from "preact/hooks";
import { requestJson } from "./api.js";
import { DETAIL_FIELDS, detailsChange, detailsOf, fieldOfRefusal, rebase } from "./mesa-details-model.js";

const LIMITS = { title: 200, entity: 200, problem_statement: 4000, place: 200 };
const NO_REFUSAL = { field: "", message: "", conflicts: {} };

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {Record<string, any>} props.workshop the details as the room shows them now
 * @param {(workshop: Record<string, any>) => void} [props.onSaved] the server's answer (the workshop)
 * @param {(key: string, params?: object) => string} props.t
 */
export function MesaDetails({ workshopId, workshop, onSaved = () => {}, t }) {
  const dialog = useRef(null);
  const opener = useRef(null);
  const [open, setOpen] = useState(false);
  const [base, setBase] = useState(() => detailsOf(workshop));
  const [values, setValues] = useState(() => detailsOf(workshop));
  const [refusal, setRefusal] = useState(NO_REFUSAL);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState("");

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current = document.activeElement;
      element.showModal();
    } else if (!open && element.open) {
      element.close();
      const back = opener.current;
      opener.current = null;
      if (back && back.isConnected && typeof back.focus === "function") back.focus();
    }
  }, [open]);

  const start = () => {
    const now = detailsOf(workshop);
    setBase(now);
    setValues(now);
    setRefusal(NO_REFUSAL);
    setSaved("");
    setOpen(true);
  };

  const submit = async (event) => {
    event.preventDefault();
    const change = detailsChange(base, values);
    if (!change) {
      setOpen(false);
      return;
    }
    setBusy(true);
    setRefusal(NO_REFUSAL);
    try {
      const answer = await requestJson("PATCH", `/api/workshops/${encodeURIComponent(workshopId)}`, change, {
        networkMessage: t("error.network"),
      });
      onSaved(answer);
      setSaved(t("room.details_saved"));
      setOpen(false);
    } catch (error) {
      const field = fieldOfRefusal(error.field);
      const conflicts = (error.code === "edit_conflict" && error.details && error.details.conflicts) || {};
      setRefusal({ field, message: error.message, conflicts });
      setBase(rebase(base, conflicts));
      const input = field && document.getElementById(`mesa-${field}`);
      if (input) input.focus();
    } finally {
      setBusy(false);
    }
  };

  const set = (field) => (event) => setValues({ ...values, [field]: event.currentTarget.value });
  const conflicted = (field) => field in refusal.conflicts;
  const refused = (field) => refusal.field === field || conflicted(field);
  /** Take the value stored now for a field someone else changed (its base already is). */
  const takeStored = (field) => {
    setValues({ ...values, [field]: String(refusal.conflicts[field] ?? "") });
    const { [field]: _taken, ...rest } = refusal.conflicts;
    setRefusal(refusal.field === field ? { field: "", message: "", conflicts: rest } : { ...refusal, conflicts: rest });
  };
  const fieldProps = (field) => ({
    id: `mesa-${field}`,
    name: field,
    value: values[field],
    onInput: set(field),
    ...(refused(field) ? { "aria-invalid": "true", "aria-describedby": `mesa-${field}-error` } : {}),
  });
  const fieldError = (field) =>
    refused(field) && (
      <div id={`mesa-${field}-error`} class="form-message form-message--error field-refusal" role="alert">
        {refusal.field === field && refusal.message}
        {conflicted(field) && (
          <>
            <span class="field-current">
              {" "}
              {t("room.details_current", { value: refusal.conflicts[field] || t("room.details_empty") })}
            </span>{" "}
            <button type="button" class="button button--small" onClick={() => takeStored(field)}>
              {t("room.details_take_current")}
            </button>
          </>
        )}
      </div>
    );

  return (
    <div class="mesa-details">
      <button type="button" class="button" onClick={start}>
        {t("room.details")}
      </button>
      {saved && (
        <p class="visually-hidden" role="status">
          {saved}
        </p>
      )}
      <dialog
        ref={dialog}
        class="confirm-dialog mesa-details-dialog"
        aria-labelledby="mesa-details-title"
        onKeyDown={(event) => event.stopPropagation()}
        onCancel={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
      >
        {open && (
          <form onSubmit={submit} noValidate>
            <h2 id="mesa-details-title" class="confirm-title">
              {t("room.details_title")}
            </h2>
            <p class="field-hint">{t("room.details_hint")}</p>
            {DETAIL_FIELDS.map((field) => (
              <div class="field" key={field}>
                <label for={`mesa-${field}`}>
                  {t(`room.details_field_${field}`)}
                  {(field === "date" || field === "place") && (
                    <>
                      {" "}
                      <span class="optional">{t("common.optional")}</span>
                    </>
                  )}
                </label>
                {field === "problem_statement" ? (
                  <textarea rows={4} maxLength={LIMITS[field]} {...fieldProps(field)} />
                ) : (
                  <input
                    type={field === "date" ? "date" : "text"}
                    maxLength={LIMITS[field]}
                    required={field === "title" || field === "entity"}
                    {...fieldProps(field)}
                  />
                )}
                {fieldError(field)}
              </div>
            ))}
            {refusal.message && !refusal.field && (
              <p class="form-message form-message--error" role="alert">
                {refusal.message}
              </p>
            )}
            <div class="confirm-actions">
              <button type="button" class="button" onClick={() => setOpen(false)}>
                {t("common.cancel")}
              </button>
              <button type="submit" class="button button--primary" disabled={busy}>
                {busy ? t("room.details_saving") : t("room.details_save")}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </div>
  );
}
