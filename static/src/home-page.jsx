// Home page: go to a workshop by its join code (first: on a phone it is what
// people come for), or create a workshop (POST /api/workshops) and hand out
// its links. On a wide screen the join box sits beside the creation form.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { requestJson } from "./api.js";
import { CopyField, absoluteUrl } from "./copy-field.jsx";
import { makeTranslator } from "./i18n.js";
import { focusField } from "./page.js";

/**
 * Normalizes a typed join code (spaces dropped, upper case).
 * @param {string} code
 * @returns {string}
 */
export const normalizeJoinCode = (code) => code.replace(/\s+/g, "").toUpperCase();

/**
 * @param {{bootstrap: Record<string, any>}} props
 */
export function HomePage({ bootstrap }) {
  const t = useMemo(() => makeTranslator(bootstrap.messages || {}), [bootstrap]);
  const [created, setCreated] = useState(null);
  return (
    <div class="page page--home">
      <section class="intro" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p class="lead">{t("home.lead")}</p>
      </section>
      <div class="home-grid">
        <JoinByCode t={t} />
        {created ? (
          <CreatedWorkshop created={created} t={t} onAnother={() => setCreated(null)} />
        ) : (
          <CreateForm t={t} onCreated={setCreated} />
        )}
        {(bootstrap.phases || []).length > 0 && (
          <section class="card how" aria-labelledby="how-title">
            <h2 id="how-title">{t("home.how_title")}</h2>
            <ol class="how-steps">
              {bootstrap.phases.map((phase) => (
                <li key={phase.id}>{phase.label}</li>
              ))}
            </ol>
          </section>
        )}
      </div>
    </div>
  );
}

const CREATE_FIELDS = {
  title: "ws-title",
  problem_statement: "ws-problem",
  entity: "ws-entity",
  date: "ws-date",
  place: "ws-place",
};

function CreateForm({ t, onCreated }) {
  const [values, setValues] = useState({ title: "", problem_statement: "", entity: "", date: "", place: "" });
  const [error, setError] = useState("");
  const [invalid, setInvalid] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (event) => setValues({ ...values, [name]: event.currentTarget.value });

  const submit = async (event) => {
    event.preventDefault();
    setError("");
    setInvalid(null);
    setBusy(true);
    const body = {
      title: values.title.trim(),
      problem_statement: values.problem_statement.trim(),
      entity: values.entity.trim(),
    };
    if (values.date) body.date = values.date;
    if (values.place.trim()) body.place = values.place.trim();
    try {
      const data = await requestJson("POST", "/api/workshops", body, { networkMessage: t("error.network") });
      onCreated(data);
    } catch (err) {
      setError(err.message);
      setInvalid(err.field || null);
      focusField(CREATE_FIELDS[err.field]);
    } finally {
      setBusy(false);
    }
  };
  const invalidProps = (name) => (invalid === name ? { "aria-invalid": "true", "aria-errormessage": "create-error" } : {});

  return (
    <section class="card create" aria-labelledby="create-title">
      <h2 id="create-title">{t("home.create_title")}</h2>
      <form onSubmit={submit} aria-describedby="create-error">
        <div class="field">
          <label for="ws-title">{t("home.field_title")}</label>
          <input
            id="ws-title"
            name="title"
            type="text"
            required
            maxLength={200}
            value={values.title}
            onInput={set("title")}
            {...invalidProps("title")}
          />
        </div>
        <div class="field">
          <label for="ws-problem">{t("home.field_problem")}</label>
          <p class="field-hint" id="ws-problem-hint">
            {t("home.field_problem_hint")}
          </p>
          <textarea
            id="ws-problem"
            name="problem_statement"
            required
            rows={4}
            maxLength={4000}
            aria-describedby="ws-problem-hint"
            value={values.problem_statement}
            onInput={set("problem_statement")}
            {...invalidProps("problem_statement")}
          />
        </div>
        <div class="field">
          <label for="ws-entity">{t("home.field_entity")}</label>
          <input
            id="ws-entity"
            name="entity"
            type="text"
            required
            maxLength={200}
            value={values.entity}
            onInput={set("entity")}
            {...invalidProps("entity")}
          />
        </div>
        <div class="field">
          <label for="ws-date">
            {t("home.field_date")} <span class="optional">{t("common.optional")}</span>
          </label>
          <input id="ws-date" name="date" type="date" value={values.date} onInput={set("date")} {...invalidProps("date")} />
        </div>
        <div class="field">
          <label for="ws-place">
            {t("home.field_place")} <span class="optional">{t("common.optional")}</span>
          </label>
          <input
            id="ws-place"
            name="place"
            type="text"
            maxLength={200}
            value={values.place}
            onInput={set("place")}
            {...invalidProps("place")}
          />
        </div>
        <p id="create-error" class="form-message form-message--error" role="alert" aria-live="assertive">
          {error}
        </p>
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t("home.creating") : t("home.create")}
        </button>
      </form>
    </section>
  );
}

function CreatedWorkshop({ created, t, onAnother }) {
  const heading = useRef(null);
  useEffect(() => heading.current && heading.current.focus(), []);
  const facilitatorUrl = absoluteUrl(created.facilitator_url || "");
  const joinUrl = absoluteUrl(created.join_url || "");
  return (
    <section class="card created" aria-labelledby="created-title">
      <h2 id="created-title" tabIndex={-1} ref={heading}>
        {t("home.created_title")}
      </h2>
      <div class="notice notice--warning">
        <p>
          <strong>{t("home.facilitator_warning_title")}</strong> {t("home.facilitator_warning")}
        </p>
      </div>
      <CopyField id="facilitator-url" label={t("home.facilitator_link")} value={facilitatorUrl} t={t} />
      <p>
        <a class="button button--primary" href={created.facilitator_url}>
          {t("home.enter_room")}
        </a>
      </p>
      <hr />
      <h3>{t("home.share_title")}</h3>
      <CopyField id="join-url" label={t("home.join_link")} value={joinUrl} t={t} />
      <p class="label">{t("home.join_code")}</p>
      <p class="join-code" aria-label={t("room.join_code_aria", { code: String(created.join_code).split("").join(" ") })}>
        {created.join_code}
      </p>
      <img
        class="qr"
        src={`/api/workshops/${encodeURIComponent(created.id)}/qr.svg`}
        alt={t("room.qr_alt", { url: joinUrl })}
        width="220"
        height="220"
      />
      <p>
        <button type="button" class="button" onClick={onAnother}>
          {t("home.create_another")}
        </button>
      </p>
    </section>
  );
}

function JoinByCode({ t }) {
  const [code, setCode] = useState("");
  const submit = (event) => {
    event.preventDefault();
    const clean = normalizeJoinCode(code);
    if (clean) window.location.assign(`/j/${encodeURIComponent(clean)}`);
  };
  return (
    <section class="card join-by-code" aria-labelledby="join-code-title">
      <h2 id="join-code-title">{t("home.have_code")}</h2>
      <form onSubmit={submit}>
        <div class="field">
          <label for="join-code-input">{t("home.code_label")}</label>
          <input
            id="join-code-input"
            type="text"
            required
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxLength={32}
            value={code}
            onInput={(event) => setCode(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button">
          {t("home.join")}
        </button>
      </form>
    </section>
  );
}
