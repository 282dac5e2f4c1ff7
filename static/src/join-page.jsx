// Join page: name, sector, organization, observer option, and the two
// acceptances (code of conduct, aviso de privacidad), then into the room.

import { useMemo, useState } from "preact/hooks";
import { requestJson } from "./api.js";
import { formatDate, makeTranslator } from "./i18n.js";
import { focusField } from "./page.js";

const NAME_MAX = 80;
const JOIN_FIELDS = {
  name: "join-name",
  sector: "join-sector-first",
  organization: "join-organization",
  accept_code_of_conduct: "join-conduct",
  accept_privacy_notice: "join-privacy",
};
const ORGANIZATION_MAX = 120;
// Both must be accepted to join: the request field and the form's value.
const ACCEPTANCES = [
  ["accept_code_of_conduct", "conduct"],
  ["accept_privacy_notice", "privacy"],
];

/**
 * @param {{bootstrap: Record<string, any>}} props
 */
export function JoinPage({ bootstrap }) {
  const t = useMemo(() => makeTranslator(bootstrap.messages || {}), [bootstrap]);
  const workshop = bootstrap.workshop || {};
  const sectors = bootstrap.sectors || [];
  const lang = document.documentElement.lang || "es";
  const [values, setValues] = useState({
    name: "",
    sector: "",
    organization: "",
    observer: false,
    conduct: false,
    privacy: false,
  });
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const setText = (name) => (event) => setValues({ ...values, [name]: event.currentTarget.value });
  const setCheck = (name) => (event) => setValues({ ...values, [name]: event.currentTarget.checked });

  const submit = async (event) => {
    event.preventDefault();
    setError("");
    if (!values.sector) {
      setError(t("join.sector_required"));
      focusField(JOIN_FIELDS.sector);
      return;
    }
    // The server insists too (422 naming the field); said here in the page's language.
    for (const [field, key] of ACCEPTANCES) {
      if (!values[key]) {
        setError(t(`join.${key}_required`));
        focusField(JOIN_FIELDS[field]);
        return;
      }
    }
    setBusy(true);
    try {
      const data = await requestJson(
        "POST",
        `/api/workshops/${encodeURIComponent(workshop.id)}/participants`,
        {
          join_code: bootstrap.join_code,
          name: values.name.trim(),
          sector: values.sector,
          organization: values.organization.trim(),
          role: values.observer ? "observer" : "participant",
          accept_privacy_notice: values.privacy,
          accept_code_of_conduct: values.conduct,
        },
        { networkMessage: t("error.network") },
      );
      // The session cookie was set for this page's host: stay on it (a room on
      // a local network names its LAN address in room_url, server/lan.py).
      window.location.assign(new URL(data.room_url, window.location.href).pathname);
    } catch (err) {
      const acceptance = ACCEPTANCES.find(([field]) => field === err.field);
      setError(acceptance ? t(`join.${acceptance[1]}_required`) : err.message);
      setBusy(false);
      focusField(JOIN_FIELDS[err.field]);
    }
  };

  return (
    <div class="page page--join">
      <section class="card workshop-card" aria-labelledby="join-workshop-title">
        <p class="label">{t("join.invited")}</p>
        <h1 id="join-workshop-title">{workshop.title}</h1>
        <p class="room-meta">{[workshop.entity, formatDate(workshop.date, lang)].filter(Boolean).join(" · ")}</p>
        {workshop.problem_statement && (
          <>
            <h2 class="small-heading">{t("room.problem_statement")}</h2>
            <p>{workshop.problem_statement}</p>
          </>
        )}
      </section>

      <section class="card" aria-labelledby="join-form-title">
        <h2 id="join-form-title">{t("join.title")}</h2>
        <form onSubmit={submit}>
          <div class="field">
            <label for="join-name">{t("join.name")}</label>
            <input
              id="join-name"
              type="text"
              required
              maxLength={NAME_MAX}
              autocomplete="name"
              value={values.name}
              onInput={setText("name")}
            />
          </div>
          <fieldset class="field">
            <legend>{t("join.sector")}</legend>
            <div class="choices">
              {sectors.map((sector, index) => (
                <label class="choice" key={sector.id}>
                  <input
                    id={index === 0 ? JOIN_FIELDS.sector : undefined}
                    type="radio"
                    name="sector"
                    value={sector.id}
                    required
                    checked={values.sector === sector.id}
                    onChange={() => setValues({ ...values, sector: sector.id })}
                  />{" "}
                  {sector.label}
                </label>
              ))}
            </div>
          </fieldset>
          <div class="field">
            <label for="join-organization">
              {t("join.organization")} <span class="optional">{t("common.optional")}</span>
            </label>
            <input
              id="join-organization"
              type="text"
              maxLength={ORGANIZATION_MAX}
              autocomplete="organization"
              value={values.organization}
              onInput={setText("organization")}
            />
          </div>
          <div class="field">
            <label class="choice">
              <input type="checkbox" checked={values.observer} onChange={setCheck("observer")} /> {t("join.observer")}
            </label>
            <p class="field-hint">{t("join.observer_hint")}</p>
          </div>
          <div class="field legal">
            <details>
              <summary>{t("join.conduct_title")}</summary>
              <div class="legal-text">{bootstrap.code_of_conduct}</div>
            </details>
            <label class="choice">
              <input id="join-conduct" type="checkbox" required checked={values.conduct} onChange={setCheck("conduct")} />{" "}
              {t("join.accept_conduct")}
            </label>
          </div>
          <div class="field legal">
            <details>
              <summary>{t("common.privacy_notice")}</summary>
              <div class="legal-text">{bootstrap.privacy_notice}</div>
            </details>
            <label class="choice">
              <input id="join-privacy" type="checkbox" required checked={values.privacy} onChange={setCheck("privacy")} />{" "}
              {t("join.accept_privacy")}
            </label>
          </div>
          <p class="form-message form-message--error" role="alert" aria-live="assertive">
            {error}
          </p>
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? t("join.joining") : t("join.submit")}
          </button>
        </form>
      </section>
    </div>
  );
}
