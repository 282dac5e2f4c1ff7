// The plan page's «Seguimiento» section (docs/follow-up.md): publish the plan
// (after a confirmation: a published plan stays public), make the private
// links of each commitment's responsable and corresponsable and the
// organismo garante's (each shown once, to copy), and follow the plan:
// verified and reported progress per commitment, what is late and what is
// due soon. Read once, and again after each of the editor's own actions.

import { useEffect, useRef, useState } from "preact/hooks";
import { useConfirm } from "./confirm-dialog.jsx";
import { CopyField, absoluteUrl } from "./copy-field.jsx";
import { createReporter, createVerifier, getFollowUp, publishPlan } from "./follow-up-api.js";
import { REPORTER_ROLES, followUpPageUrl, roleOfLink } from "./follow-up-model.js";
import { DueLists, ProgressLine } from "./follow-up-parts.jsx";
import { formatMexicoTime } from "./i18n.js";

/**
 * @param {{planId: string, version: number, lang: string, t: Function}} props
 */
export function PlanFollowUp({ planId, version, lang, t }) {
  const [view, setView] = useState(null);
  const [error, setError] = useState("");
  const [publishing, setPublishing] = useState(false);
  const [publicUrl, setPublicUrl] = useState("");
  const { ask, dialog } = useConfirm(t);
  const asked = useRef(0);

  const reload = async () => {
    const ticket = ++asked.current;
    try {
      const data = await getFollowUp(planId, { networkMessage: t("error.network") });
      if (ticket === asked.current) setView(data);
    } catch (err) {
      if (ticket === asked.current) setError(err.message);
    }
  };
  useEffect(() => {
    reload();
  }, [planId, version]);

  const publish = async () => {
    const ok = await ask({
      title: t("tracking.publish_confirm_title"),
      body: t("tracking.publish_confirm_body"),
      irreversible: t("tracking.publish_confirm_irreversible"),
      confirmLabel: t("tracking.publish"),
    });
    if (!ok) return;
    setPublishing(true);
    setError("");
    try {
      const answer = await publishPlan(planId, { networkMessage: t("error.network") });
      setPublicUrl(answer.public_url);
      await reload();
    } catch (err) {
      setError(err.message);
    } finally {
      setPublishing(false);
    }
  };

  const shownPublicUrl = publicUrl || (view && view.published ? absoluteUrl(view.public_path) : "");
  return (
    <section class="card plan-follow-up" aria-labelledby="plan-follow-up-title">
      <h2 id="plan-follow-up-title">{t("tracking.title")}</h2>
      <p class="field-hint">{t("tracking.hint")}</p>
      {error && (
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {view && !view.published && (
        <button type="button" class="button button--primary" onClick={publish} disabled={publishing}>
          {t("tracking.publish")}
        </button>
      )}
      {view && view.published && (
        <div class="tracking-published">
          <p class="notice">
            {t("tracking.published_at", { when: formatMexicoTime(view.published_at, lang) })}
          </p>
          <CopyField id="plan-public-url" label={t("tracking.public_link")} value={shownPublicUrl} t={t} />
        </div>
      )}
      {view && (
        <>
          <p>
            <a href={followUpPageUrl(planId)}>{t("tracking.open_page")}</a>
          </p>
          <h3 id="plan-follow-up-progress">{t("tracking.plan_progress")}</h3>
          <ProgressLine progress={view.progress} id="plan-follow-up-progress-text" t={t} />
          <DueLists view={view} lang={lang} t={t} />
          <VerifierLink planId={planId} links={view.links || []} onMade={reload} t={t} />
          <h3>{t("tracking.commitments_title")}</h3>
          <ol class="tracking-commitments">
            {view.commitments.map((commitment, index) => (
              <li key={commitment.id} class="tracking-commitment" data-commitment-id={commitment.id}>
                <h4 id={`tracking-c-${index}`}>{commitment.title}</h4>
                <ProgressLine progress={commitment.progress} id={`tracking-c-${index}-progress`} t={t} />
                <ReporterLinks
                  planId={planId}
                  commitment={commitment}
                  index={index}
                  links={(view.links || []).filter((link) => link.commitment_id === commitment.id)}
                  onMade={reload}
                  t={t}
                />
              </li>
            ))}
          </ol>
        </>
      )}
      {dialog}
    </section>
  );
}

/** The links already made (never their tokens: only who holds them). */
function LinkList({ links, t }) {
  if (links.length === 0) return null;
  return (
    <ul class="tracking-links">
      {links.map((link) => (
        <li key={link.id}>
          {t(roleOfLink(link.role))}: {link.name}
          {link.organization ? ` (${link.organization})` : ""}
        </li>
      ))}
    </ul>
  );
}

/**
 * A form that makes a link: name, organization, optional e-mail (and the
 * role for a reporter); the answer's link shown once, to copy.
 */
function LinkForm({ idPrefix, withRole, submitLabel, make, onMade, t }) {
  const [form, setForm] = useState({ role: "responsable", name: "", organization: "", email: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [made, setMade] = useState(null);
  const set = (key) => (event) => setForm({ ...form, [key]: event.currentTarget.value });

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      const body = { name: form.name, organization: form.organization };
      if (form.email.trim()) body.email = form.email.trim();
      if (withRole) body.role = form.role;
      const answer = await make(body);
      setMade({ url: answer.reporter_url || answer.verifier_url, role: form.role, name: form.name });
      setForm({ ...form, name: "", organization: "", email: "" });
      await onMade();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="tracking-link-form" onSubmit={submit}>
      {withRole && (
        <div class="field">
          <label for={`${idPrefix}-role`}>{t("tracking.link_role")}</label>
          <select id={`${idPrefix}-role`} value={form.role} onChange={set("role")}>
            {REPORTER_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(roleOfLink(role))}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="plan-fields-3">
        <div class="field">
          <label for={`${idPrefix}-name`}>{t("tracking.link_name")}</label>
          <input id={`${idPrefix}-name`} type="text" required maxLength={200} value={form.name} onInput={set("name")} />
        </div>
        <div class="field">
          <label for={`${idPrefix}-organization`}>{t("tracking.link_organization")}</label>
          <input
            id={`${idPrefix}-organization`}
            type="text"
            maxLength={200}
            value={form.organization}
            onInput={set("organization")}
          />
        </div>
        <div class="field">
          <label for={`${idPrefix}-email`}>{t("tracking.link_email")}</label>
          <input
            id={`${idPrefix}-email`}
            type="email"
            maxLength={254}
            autoComplete="off"
            value={form.email}
            onInput={set("email")}
          />
        </div>
      </div>
      <p class="field-hint">{t("tracking.link_email_hint")}</p>
      <button type="submit" class="button" disabled={busy}>
        {submitLabel}
      </button>
      {error && (
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {made && (
        <CopyField
          id={`${idPrefix}-made`}
          label={t("tracking.link_made", { name: made.name })}
          value={absoluteUrl(made.url)}
          t={t}
        />
      )}
    </form>
  );
}

function ReporterLinks({ planId, commitment, index, links, onMade, t }) {
  return (
    <details class="tracking-reporters">
      <summary>{t("tracking.reporters_title")}</summary>
      <p class="field-hint">{t("tracking.reporters_hint")}</p>
      <LinkList links={links} t={t} />
      <LinkForm
        idPrefix={`tracking-c-${index}-link`}
        withRole
        submitLabel={t("tracking.make_reporter")}
        make={(body) => createReporter(planId, commitment.id, body, { networkMessage: t("error.network") })}
        onMade={onMade}
        t={t}
      />
    </details>
  );
}

function VerifierLink({ planId, links, onMade, t }) {
  return (
    <details class="tracking-verifier">
      <summary>{t("tracking.verifier_title")}</summary>
      <p class="field-hint">{t("tracking.verifier_hint")}</p>
      <LinkList links={links.filter((link) => link.role === "verificador")} t={t} />
      <LinkForm
        idPrefix="tracking-verifier"
        submitLabel={t("tracking.make_verifier")}
        make={(body) => createVerifier(planId, body, { networkMessage: t("error.network") })}
        onMade={onMade}
        t={t}
      />
    </details>
  );
}
