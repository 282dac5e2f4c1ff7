// The Plan de Acción page (/planes/<id>): the plan's details and its
// Secretariado Técnico, its commitments (origin, order, refresh from the
// mesa, removal), what keeps it from being published, its downloads, the
// institution's template, a preview of the document, and its follow-up once
// published (plan-follow-up.jsx). Every change goes to
// the server (plan-api.js) and the plan is read again, so the issues and the
// preview always show what the server holds; so is a change made elsewhere
// (another editor, a report), which the plan's live document announces
// (plan-live.js).

import { useEffect, useMemo, useState } from "preact/hooks";
import { CopyField, absoluteUrl } from "./copy-field.jsx";
import { formatDate, makeTranslator } from "./i18n.js";
import { latestRead } from "./latest-read.js";
import { getPlan } from "./plan-api.js";
import { PlanCommitments } from "./plan-commitments.jsx";
import { PlanDetails } from "./plan-details.jsx";
import { PlanFollowUp } from "./plan-follow-up.jsx";
import { ExportLinks } from "./plan-downloads.jsx";
import { PlanHistory } from "./plan-history.jsx";
import { PlanIssues } from "./plan-issues.jsx";
import { FOLLOW_UP_TOPICS, PLAN_TOPICS, usePlanLive, usePlanRefresh } from "./plan-live.js";
import { EXPORT_FORMATS, PREVIEW_DELAY_MS, issueCounts, planExportUrl, planTitle } from "./plan-model.js";
import { PlanPreview } from "./plan-preview.jsx";
import { PlanTemplate } from "./plan-template.jsx";

/**
 * @param {{bootstrap: Record<string, any>}} props
 */
export function PlanPage({ bootstrap }) {
  const t = useMemo(() => makeTranslator(bootstrap.messages || {}), [bootstrap]);
  const lang = bootstrap.lang === "en" ? "en" : "es";
  const planId = String(bootstrap.plan_id || (bootstrap.plan && bootstrap.plan.id) || "");
  // The shell may embed the plan as GET /api/plans/{id} answers it: shown at
  // once, then read again.
  const [plan, setPlan] = useState(() =>
    bootstrap.plan && Array.isArray(bootstrap.plan.commitments) ? bootstrap.plan : null,
  );
  // The formats the server exports now (bootstrap.formats), else all of them.
  const formats = useMemo(() => {
    const names = (Array.isArray(bootstrap.formats) ? bootstrap.formats : []).map((f) => f && f.name);
    const offered = EXPORT_FORMATS.filter((name) => names.includes(name));
    return offered.length > 0 ? offered : EXPORT_FORMATS;
  }, [bootstrap]);
  const [loadError, setLoadError] = useState("");
  // Grows after every change the server accepted: the preview follows it.
  const [version, setVersion] = useState(0);
  // The person's own changes and pushed ones may read the plan at once: the
  // newest answer is shown, and every caller goes on once it is (latest-read.js).
  const reload = useMemo(
    () =>
      latestRead(
        () => getPlan(planId, { networkMessage: t("error.network") }),
        (data) => {
          setPlan(data);
          setLoadError("");
          setVersion((v) => v + 1);
        },
        (err) => setLoadError(err.message),
      ),
    [planId],
  );

  useEffect(() => {
    if (planId) reload();
  }, [planId]);

  // Changes made elsewhere: the plan is read again (the details' unsaved
  // text stays, plan-details.jsx); the follow-up and the history follow.
  const live = usePlanLive(bootstrap.ws_url, planId);
  usePlanRefresh(live, PLAN_TOPICS, reload);
  const followed = usePlanRefresh(live, FOLLOW_UP_TOPICS, () => {});

  if (!plan) {
    return (
      <div class="page plan-page">
        <h1>{t("plan.page_heading")}</h1>
        {loadError ? (
          <p class="form-message form-message--error" role="alert">
            {loadError}
          </p>
        ) : (
          <p role="status">{t("plan.loading")}</p>
        )}
      </div>
    );
  }

  const counts = issueCounts(plan.issues);
  const entries = plan.commitments || [];
  return (
    <div class="page plan-page" data-plan-id={plan.id}>
      <header class="plan-header">
        <p class="label">{t(`plan.type_${plan.type}`)}</p>
        <h1 id="plan-heading">{planTitle(plan, t)}</h1>
        <p class="plan-meta">
          {[plan.entity, t("plan.period", { start: formatDate(plan.start, lang), end: formatDate(plan.end, lang) })]
            .filter(Boolean)
            .join(" · ")}
        </p>
        <p class="plan-summary" aria-live="polite">
          {t("plan.summary", { commitments: entries.length, errors: counts.errors, warnings: counts.warnings })}
        </p>
        {loadError && (
          <p class="form-message form-message--error" role="alert">
            {loadError}
          </p>
        )}
        {plan.editor_url && (
          <details class="plan-share">
            <summary>{t("plan.share_title")}</summary>
            <p class="field-hint">{t("plan.share_hint")}</p>
            <CopyField id="plan-editor-url" label={t("plan.room_editor_link")} value={absoluteUrl(plan.editor_url)} t={t} />
          </details>
        )}
      </header>
      <div class="plan-layout">
        <div class="plan-main">
          <PlanDetails plan={plan} planId={planId} onSaved={reload} lang={lang} t={t} />
          <PlanCommitments plan={plan} planId={planId} onChanged={reload} lang={lang} t={t} />
          <PlanFollowUp planId={planId} version={version + followed} lang={lang} t={t} />
        </div>
        <div class="plan-side">
          <PlanIssues plan={plan} lang={lang} t={t} />
          <section class="card plan-downloads" aria-labelledby="plan-downloads-title">
            <h2 id="plan-downloads-title">{t("plan.downloads_title")}</h2>
            <p class="field-hint">{t("plan.downloads_hint")}</p>
            <ExportLinks
              urlOf={(format, layout) => planExportUrl(planId, format, layout)}
              formats={formats}
              idPrefix="plan-dl"
              t={t}
            />
          </section>
          <PlanTemplate plan={plan} planId={planId} onChanged={reload} lang={lang} t={t} />
          <PlanHistory planId={planId} version={version + followed} lang={lang} t={t} />
        </div>
      </div>
      <PlanPreview planId={planId} version={version} delayMs={PREVIEW_DELAY_MS} t={t} />
    </div>
  );
}
