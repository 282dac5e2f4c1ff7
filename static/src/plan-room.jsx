// The Plan de Acción from the room's «Compromiso» tab. For the facilitator,
// under each commitment: «Crear Plan de Acción con este compromiso» (entity,
// type, term, optional title → POST /api/plans, then the commitment is
// attached as co-created; the private editor link is shown once) and
// «Agregar a un plan que editas» (the plans this browser edits, from
// GET /api/plans/mine) and «Importar un plan (JSON)» (a plan's open-data
// file, from this or another Cocrea → POST /api/plans/import; the commitment
// is not attached). For every member, the mesa's commitments as a
// document in every format and in the OGP commitment template.

import { useEffect, useState } from "preact/hooks";
import { CopyField, absoluteUrl } from "./copy-field.jsx";
import { attachCommitment, createPlan, getWorkshop, importPlan, listMyPlans } from "./plan-api.js";
import { ExportLinks } from "./plan-downloads.jsx";
import {
  ORIGIN_CO_CREADO,
  PLAN_TYPES,
  newPlanForm,
  newPlanRequest,
  oneYearEnd,
  planPageUrl,
  planTitle,
  workshopExportUrl,
} from "./plan-model.js";

const MODE_CREATE = "create";
const MODE_ADD = "add";
const MODE_IMPORT = "import";
/** The server's limit for an imported plan (server/api_plans.py MAX_IMPORT_BYTES). */
const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/**
 * Downloads of the mesa's commitments (GET /api/workshops/{id}/export/{format}).
 * Fetched in the page (download-links.jsx): a refusal is said next to them.
 * @param {object} props
 * @param {string} props.workshopId
 * @param {number} props.count how many commitments the mesa has
 * @param {(key: string, params?: object) => string} props.t
 */
export function CommitmentDownloads({ workshopId, count, t }) {
  return (
    <section class="plan-room-downloads" aria-labelledby="commitment-downloads-title">
      <h3 id="commitment-downloads-title">
        {count > 1 ? t("plan.download_commitments") : t("plan.download_commitment")}
      </h3>
      <ExportLinks
        urlOf={(format, layout) => workshopExportUrl(workshopId, format, layout)}
        idPrefix="commitment-dl"
        t={t}
      />
    </section>
  );
}

/**
 * The facilitator's plan actions for one commitment.
 * @param {object} props
 * @param {string} props.workshopId
 * @param {{id: string, sheet?: {title?: string}}} props.commitment
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanActions({ workshopId, commitment, t }) {
  const [mode, setMode] = useState(null);
  const [result, setResult] = useState(null);
  const base = `plan-${commitment.id}`;
  const toggle = (next) => {
    setMode(mode === next ? null : next);
    setResult(null);
  };
  return (
    <section class="plan-actions" aria-labelledby={`${base}-heading`}>
      <h4 id={`${base}-heading`}>{t("plan.room_title")}</h4>
      <div class="plan-entry-buttons">
        <button
          type="button"
          class="button button--small"
          aria-expanded={mode === MODE_CREATE ? "true" : "false"}
          aria-controls={`${base}-panel`}
          onClick={() => toggle(MODE_CREATE)}
        >
          {t("plan.room_create")}
        </button>
        <button
          type="button"
          class="button button--small"
          aria-expanded={mode === MODE_ADD ? "true" : "false"}
          aria-controls={`${base}-panel`}
          onClick={() => toggle(MODE_ADD)}
        >
          {t("plan.room_add")}
        </button>
        <button
          type="button"
          class="button button--small"
          aria-expanded={mode === MODE_IMPORT ? "true" : "false"}
          aria-controls={`${base}-panel`}
          onClick={() => toggle(MODE_IMPORT)}
        >
          {t("plan.room_import")}
        </button>
      </div>
      <div id={`${base}-panel`}>
        {result ? (
          <PlanResult result={result} t={t} />
        ) : mode === MODE_CREATE ? (
          <CreatePlanForm workshopId={workshopId} commitment={commitment} base={base} onDone={setResult} t={t} />
        ) : mode === MODE_ADD ? (
          <AddToPlan workshopId={workshopId} commitment={commitment} base={base} onDone={setResult} t={t} />
        ) : mode === MODE_IMPORT ? (
          <ImportPlanForm workshopId={workshopId} base={base} onDone={setResult} t={t} />
        ) : null}
      </div>
    </section>
  );
}

const CREATE_FIELDS = ["entity", "type", "start", "end", "title"];

function CreatePlanForm({ workshopId, commitment, base, onDone, t }) {
  const [form, setForm] = useState(() => newPlanForm("", new Date()));
  const [state, setState] = useState({ busy: false, error: "", field: null });
  const options = { networkMessage: t("error.network") };

  // The mesa's entity is the likely one: offered until something is typed.
  useEffect(() => {
    let live = true;
    getWorkshop(workshopId, options)
      .then((workshop) => {
        if (live && workshop && workshop.entity) setForm((f) => (f.entity ? f : { ...f, entity: workshop.entity }));
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [workshopId]);

  const set = (name) => (event) => {
    const value = event.currentTarget.value;
    setForm((f) => {
      const next = { ...f, [name]: value };
      // A new start moves an end that was the default one year on with it.
      if (name === "start" && f.end === oneYearEnd(f.start)) next.end = oneYearEnd(value);
      return next;
    });
  };

  const submit = async (event) => {
    event.preventDefault();
    setState({ busy: true, error: "", field: null });
    let created;
    try {
      created = await createPlan(newPlanRequest(workshopId, form), options);
    } catch (err) {
      const field = CREATE_FIELDS.includes(err.field) ? err.field : null;
      setState({ busy: false, error: err.message, field });
      const element = document.getElementById(field ? `${base}-${field}` : `${base}-error`);
      if (element) element.focus();
      return;
    }
    const plan = created.plan || {};
    let attachError = "";
    try {
      await attachCommitment(
        plan.id,
        { workshop_id: workshopId, commitment_id: commitment.id, origin: ORIGIN_CO_CREADO },
        options,
      );
    } catch (err) {
      attachError = err.message;
    }
    setState({ busy: false, error: "", field: null });
    onDone({ kind: MODE_CREATE, plan, editorUrl: created.editor_url || "", attachError });
  };

  const invalid = (name) =>
    state.field === name ? { "aria-invalid": "true", "aria-describedby": `${base}-error` } : {};

  return (
    <form class="plan-create" onSubmit={submit} noValidate>
      <p class="field-hint">{t("plan.room_create_hint")}</p>
      <div class="plan-fields-2">
        <div class="field">
          <label for={`${base}-entity`}>{t("plan.field_entity")}</label>
          <input
            id={`${base}-entity`}
            type="text"
            required
            maxLength={200}
            value={form.entity}
            onInput={set("entity")}
            {...invalid("entity")}
          />
        </div>
        <div class="field">
          <label for={`${base}-type`}>{t("plan.field_type")}</label>
          <select id={`${base}-type`} value={form.type} onChange={set("type")} {...invalid("type")}>
            {PLAN_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`plan.type_${type}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset class="plan-fields-2 plan-term">
        <legend>{t("plan.field_term")}</legend>
        <div class="field">
          <label for={`${base}-start`}>{t("plan.field_start")}</label>
          <input id={`${base}-start`} type="date" required value={form.start} onInput={set("start")} {...invalid("start")} />
        </div>
        <div class="field">
          <label for={`${base}-end`}>{t("plan.field_end")}</label>
          <input id={`${base}-end`} type="date" required value={form.end} onInput={set("end")} {...invalid("end")} />
        </div>
      </fieldset>
      <div class="field">
        <label for={`${base}-title`}>
          {t("plan.field_title")} <span class="optional">{t("common.optional")}</span>
        </label>
        <input
          id={`${base}-title`}
          type="text"
          maxLength={200}
          value={form.title}
          onInput={set("title")}
          {...invalid("title")}
        />
      </div>
      <p id={`${base}-error`} class="form-message form-message--error" role="alert" tabIndex={-1}>
        {state.error}
      </p>
      <button type="submit" class="button button--primary" disabled={state.busy}>
        {state.busy ? t("plan.room_creating") : t("plan.room_create_submit")}
      </button>
    </form>
  );
}

function AddToPlan({ workshopId, commitment, base, onDone, t }) {
  const [plans, setPlans] = useState(null);
  const [chosen, setChosen] = useState("");
  const [state, setState] = useState({ busy: false, error: "" });
  const options = { networkMessage: t("error.network") };

  useEffect(() => {
    let live = true;
    listMyPlans(options)
      .then((list) => {
        if (!live) return;
        const found = Array.isArray(list) ? list : (list && list.plans) || [];
        setPlans(found);
        if (found.length > 0) setChosen(found[0].id);
      })
      .catch((err) => live && setState({ busy: false, error: err.message }));
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event) => {
    event.preventDefault();
    if (!chosen) return;
    setState({ busy: true, error: "" });
    try {
      await attachCommitment(
        chosen,
        { workshop_id: workshopId, commitment_id: commitment.id, origin: ORIGIN_CO_CREADO },
        options,
      );
      onDone({ kind: MODE_ADD, plan: plans.find((p) => p.id === chosen) || { id: chosen }, editorUrl: "", attachError: "" });
    } catch (err) {
      setState({ busy: false, error: err.message });
    }
  };

  if (plans === null) {
    return (
      <div class="plan-add">
        <p role="status">{state.error ? "" : t("plan.loading")}</p>
        <p class="form-message form-message--error" role="alert">
          {state.error}
        </p>
      </div>
    );
  }
  if (plans.length === 0) return <p class="plan-add plan-empty">{t("plan.room_no_plans")}</p>;
  return (
    <form class="plan-add" onSubmit={submit}>
      <div class="field">
        <label for={`${base}-plan`}>{t("plan.room_choose")}</label>
        <select id={`${base}-plan`} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
          {plans.map((plan) => (
            <option key={plan.id} value={plan.id}>
              {[planTitle(plan, t), plan.entity].filter(Boolean).join(" — ")}
            </option>
          ))}
        </select>
        <p class="field-hint">{t("plan.room_add_hint")}</p>
      </div>
      <p class="form-message form-message--error" role="alert">
        {state.error}
      </p>
      <button type="submit" class="button button--primary" disabled={state.busy}>
        {t("plan.room_add_submit")}
      </button>
    </form>
  );
}

function ImportPlanForm({ workshopId, base, onDone, t }) {
  const [file, setFile] = useState(null);
  const [state, setState] = useState({ busy: false, error: "" });
  const options = { networkMessage: t("error.network") };

  const submit = async (event) => {
    event.preventDefault();
    if (!file) {
      setState({ busy: false, error: t("plan.room_import_choose") });
      return;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      setState({ busy: false, error: t("plan.room_import_too_large", { mb: MAX_IMPORT_BYTES / (1024 * 1024) }) });
      return;
    }
    setState({ busy: true, error: "" });
    try {
      const created = await importPlan(workshopId, file, options);
      onDone({ kind: MODE_IMPORT, plan: created.plan || {}, editorUrl: created.editor_url || "", attachError: "" });
    } catch (err) {
      setState({ busy: false, error: err.message });
      const element = document.getElementById(`${base}-import`);
      if (element) element.focus();
    }
  };

  return (
    <form class="plan-import" onSubmit={submit}>
      <div class="field">
        <label for={`${base}-import`}>{t("plan.room_import_file")}</label>
        <input
          id={`${base}-import`}
          type="file"
          accept=".json,application/json"
          aria-describedby={`${base}-import-hint ${base}-import-error`}
          aria-invalid={state.error ? "true" : undefined}
          onChange={(e) => {
            setFile(e.currentTarget.files && e.currentTarget.files[0] ? e.currentTarget.files[0] : null);
            setState({ busy: false, error: "" });
          }}
        />
        <p id={`${base}-import-hint`} class="field-hint">
          {t("plan.room_import_hint")}
        </p>
      </div>
      <p id={`${base}-import-error`} class="form-message form-message--error" role="alert">
        {state.error}
      </p>
      <button type="submit" class="button button--primary" disabled={state.busy}>
        {state.busy ? t("plan.room_importing") : t("plan.room_import_submit")}
      </button>
    </form>
  );
}

const RESULT_KEYS = { [MODE_CREATE]: "plan.room_created", [MODE_ADD]: "plan.room_added", [MODE_IMPORT]: "plan.room_imported" };

function PlanResult({ result, t }) {
  const title = planTitle(result.plan, t);
  return (
    <div class="plan-result">
      <p class="notice" role="status">
        {t(RESULT_KEYS[result.kind], { title, count: (result.plan.commitments || []).length })}
      </p>
      {result.attachError && (
        <p class="form-message form-message--error" role="alert">
          {t("plan.room_attach_failed", { message: result.attachError })}
        </p>
      )}
      {result.editorUrl && (
        <>
          <div class="notice notice--warning">
            <p>{t("plan.room_editor_warning")}</p>
          </div>
          <CopyField
            id={`plan-editor-${result.plan.id}`}
            label={t("plan.room_editor_link")}
            value={absoluteUrl(result.editorUrl)}
            t={t}
          />
        </>
      )}
      <p>
        <a class="button button--primary" href={planPageUrl(result.plan.id)}>
          {t("plan.room_open")}
        </a>
      </p>
    </div>
  );
}
