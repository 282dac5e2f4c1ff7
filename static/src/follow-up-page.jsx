// The follow-up page (/planes/<id>/seguimiento), opened with a reporter's or
// the verifier's private link (the server keeps the key in a cookie of its
// own and gives the page the token, sent as Bearer) or by the plan's editor.
// A reporter sees their commitment's activities and reports them (status,
// note, links, files) and measures its indicators; the verifier (and the
// editor) verifies or returns what waits and records the six-month
// monitoring and the final evaluation. The page reads the follow-up once,
// again after each of its own actions, and whenever the plan's live document
// says someone else changed it (plan-live.js); a refused action's message
// shows next to its form, which keeps what was typed (a refresh too).

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { setBearer } from "./api.js";
import { useConfirm } from "./confirm-dialog.jsx";
import { getFollowUp, postUpdate, recordMeasurement, recordReview, verifyActivity } from "./follow-up-api.js";
import { latestRead } from "./latest-read.js";
import {
  COMPLETIONS,
  OPENED_GOVERNMENT,
  awaitingVerification,
  evidenceFileProblem,
  linksFromText,
  missingReviewKinds,
  newReviewForm,
  reportStatuses,
  reviewRequest,
  roleOfLink,
} from "./follow-up-model.js";
import {
  ActivityDates,
  ActivityMarks,
  DueLists,
  EvidenceList,
  ProgressLine,
  UpdatesList,
} from "./follow-up-parts.jsx";
import { formatMexicoTime, makeTranslator } from "./i18n.js";
import { TRACKING_TOPICS, usePlanLive, usePlanRefresh } from "./plan-live.js";

const REPORTERS = ["responsable", "corresponsable"];
const VERIFIERS = ["verificador", "editor"];

/** @param {{bootstrap: Record<string, any>}} props */
export function FollowUpPage({ bootstrap }) {
  const t = useMemo(() => makeTranslator(bootstrap.messages || {}), [bootstrap]);
  const lang = bootstrap.lang === "en" ? "en" : "es";
  const planId = String(bootstrap.plan_id || "");
  const plan = bootstrap.plan || {};
  // A link's token: every request of this page carries it (not the editor's cookie).
  useMemo(() => setBearer(bootstrap.link_token || ""), [bootstrap]);
  const [view, setView] = useState(null);
  const [loadError, setLoadError] = useState("");
  const net = { networkMessage: t("error.network") };

  const reload = useMemo(
    () =>
      latestRead(
        () => getFollowUp(planId, net),
        (data) => {
          setView(data);
          setLoadError("");
        },
        (err) => setLoadError(err.message),
      ),
    [planId],
  );
  useEffect(() => {
    reload();
  }, [planId]);
  usePlanRefresh(usePlanLive(bootstrap.ws_url, planId), TRACKING_TOPICS, reload);

  const heading = (
    <header class="plan-header">
      <p class="label">{t("tracking.page_label")}</p>
      <h1 id="tracking-heading">{plan.title || plan.entity || t("tracking.title")}</h1>
      {view && <p class="plan-meta">{t("tracking.you_are", { role: t(roleOfLink(view.role)) })}</p>}
    </header>
  );
  if (!view) {
    return (
      <div class="page tracking-page">
        {heading}
        {loadError ? (
          <p class="form-message form-message--error" role="alert">
            {loadError}
          </p>
        ) : (
          <p role="status">{t("tracking.loading")}</p>
        )}
      </div>
    );
  }
  const reporter = REPORTERS.includes(view.role) || view.role === "editor";
  const verifier = VERIFIERS.includes(view.role);
  return (
    <div class="page tracking-page" data-role={view.role}>
      {heading}
      {loadError && (
        <p class="form-message form-message--error" role="alert">
          {loadError}
        </p>
      )}
      {!view.published && <p class="notice">{t("tracking.not_published")}</p>}
      <section class="card" aria-labelledby="tracking-summary-title">
        <h2 id="tracking-summary-title">{t("tracking.summary_title")}</h2>
        {view.commitments.length > 1 && (
          <>
            <h3>{t("tracking.plan_progress_title")}</h3>
            <ProgressLine progress={view.progress} id="tracking-plan-progress" t={t} />
          </>
        )}
        <DueLists view={view} lang={lang} t={t} />
      </section>
      {verifier && <AwaitingList view={view} planId={planId} onDone={reload} t={t} />}
      {view.commitments.map((commitment, index) => (
        <CommitmentCard
          key={commitment.id}
          commitment={commitment}
          index={index}
          planId={planId}
          reporter={reporter}
          onDone={reload}
          lang={lang}
          t={t}
        />
      ))}
      {verifier && <Reviews view={view} planId={planId} onDone={reload} lang={lang} t={t} />}
    </div>
  );
}

function CommitmentCard({ commitment, index, planId, reporter, onDone, lang, t }) {
  const id = `tracking-k-${index}`;
  return (
    <section class="card tracking-commitment" aria-labelledby={id} data-commitment-id={commitment.id}>
      <h2 id={id}>{commitment.title}</h2>
      <ProgressLine progress={commitment.progress} id={`${id}-progress`} t={t} />
      <h3>{t("tracking.activities_title")}</h3>
      <ol class="tracking-activities">
        {commitment.activities.map((activity, i) => (
          <li key={activity.id} class="tracking-activity" data-activity-id={activity.id}>
            <h4 id={`${id}-a-${i}`}>{activity.description}</h4>
            <ActivityMarks activity={activity} t={t} />
            <ActivityDates activity={activity} lang={lang} t={t} />
            <UpdatesList activity={activity} lang={lang} t={t} />
            {reporter && reportStatuses(activity.status).length > 0 && (
              <UpdateForm
                planId={planId}
                commitmentId={commitment.id}
                activity={activity}
                idPrefix={`${id}-a-${i}`}
                onDone={onDone}
                t={t}
              />
            )}
          </li>
        ))}
      </ol>
      {commitment.indicators.length > 0 && <h3>{t("tracking.indicators_title")}</h3>}
      {commitment.indicators.map((indicator, i) => (
        <Indicator
          key={indicator.id}
          indicator={indicator}
          planId={planId}
          commitmentId={commitment.id}
          idPrefix={`${id}-i-${i}`}
          reporter={reporter}
          onDone={onDone}
          lang={lang}
          t={t}
        />
      ))}
    </section>
  );
}

/** A report: what is typed stays when the server refuses it. */
function UpdateForm({ planId, commitmentId, activity, idPrefix, onDone, t }) {
  const statuses = reportStatuses(activity.status);
  const [status, setStatus] = useState(statuses[statuses.length - 1]);
  const [note, setNote] = useState("");
  const [links, setLinks] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [field, setField] = useState(null);
  const fileRef = useRef(null);
  const errorId = `${idPrefix}-error`;
  // The input the server's refusal names: marked invalid and described by the message.
  const invalid = (name) =>
    field === name
      ? { "aria-invalid": "true", "aria-describedby": name === "note" ? errorId : `${errorId} ${idPrefix}-${name}-hint` }
      : {};

  const submit = async (event) => {
    event.preventDefault();
    const files = [...((fileRef.current && fileRef.current.files) || [])];
    const problem = evidenceFileProblem(files);
    setDone("");
    if (problem) {
      setError(t(problem.key, problem.params));
      setField("evidence");
      return;
    }
    setBusy(true);
    setError("");
    setField(null);
    try {
      await postUpdate(planId, commitmentId, activity.id, { status, note, links: linksFromText(links), files }, {
        networkMessage: t("error.network"),
      });
      setNote("");
      setLinks("");
      if (fileRef.current) fileRef.current.value = "";
      setDone(t("tracking.update_sent"));
      await onDone();
    } catch (err) {
      setError(err.message);
      setField(err.field || null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="tracking-form" open={activity.status === "devuelta" || undefined}>
      <summary>{t("tracking.report")}</summary>
      <form onSubmit={submit} aria-describedby={error ? errorId : undefined}>
        <div class="field">
          <label for={`${idPrefix}-status`}>{t("tracking.new_status")}</label>
          <select id={`${idPrefix}-status`} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`tracking.status_${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${idPrefix}-note`}>{t("tracking.note")}</label>
          <textarea
            id={`${idPrefix}-note`}
            rows={3}
            value={note}
            {...invalid("note")}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${idPrefix}-links`}>{t("tracking.links")}</label>
          <textarea
            id={`${idPrefix}-links`}
            rows={2}
            value={links}
            onInput={(e) => setLinks(e.currentTarget.value)}
            aria-describedby={`${idPrefix}-links-hint`}
            {...invalid("links")}
          />
          <p id={`${idPrefix}-links-hint`} class="field-hint">
            {t("tracking.links_hint")}
          </p>
        </div>
        <div class="field">
          <label for={`${idPrefix}-files`}>{t("tracking.files")}</label>
          <input
            id={`${idPrefix}-files`}
            ref={fileRef}
            type="file"
            multiple
            aria-describedby={`${idPrefix}-evidence-hint`}
            {...invalid("evidence")}
          />
          <p id={`${idPrefix}-evidence-hint`} class="field-hint">
            {t("tracking.files_hint")}
          </p>
        </div>
        <button type="submit" class="button button--primary" disabled={busy}>
          {t("tracking.send_update")}
        </button>
        <p id={errorId} class="form-message form-message--error tracking-form-error" role="alert">
          {error}
        </p>
        <p class="tracking-form-done" role="status">
          {done}
        </p>
      </form>
    </details>
  );
}

function Indicator({ indicator, planId, commitmentId, idPrefix, reporter, onDone, lang, t }) {
  const [form, setForm] = useState({ period: "", value: "", note: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const set = (key) => (event) => setForm({ ...form, [key]: event.currentTarget.value });
  const baseline = indicator.baseline || {};
  const submit = async (event) => {
    event.preventDefault();
    const value = Number(form.value);
    if (form.value.trim() === "" || !Number.isFinite(value)) {
      setError(t("tracking.value_number"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      await recordMeasurement(
        planId,
        commitmentId,
        indicator.id,
        { period: form.period.trim(), value, note: form.note },
        { networkMessage: t("error.network") },
      );
      setForm({ period: "", value: "", note: "" });
      await onDone();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="tracking-indicator" data-indicator-id={indicator.id}>
      <h4 id={`${idPrefix}-name`}>{indicator.name}</h4>
      <p class="tracking-dates">
        {t("tracking.baseline_goal", {
          baseline: baseline.value ?? "—",
          goal: indicator.goal ?? "—",
          unit: indicator.unit || "",
        })}
      </p>
      {indicator.measurements.length > 0 && (
        <div class="tracking-table-wrap">
          <table class="tracking-table" aria-labelledby={`${idPrefix}-name`}>
            <thead>
              <tr>
                <th scope="col">{t("tracking.period")}</th>
                <th scope="col">{t("tracking.value")}</th>
                <th scope="col">{t("tracking.note")}</th>
              </tr>
            </thead>
            <tbody>
              {indicator.measurements.map((m) => (
                <tr key={m.id}>
                  <td>{m.period}</td>
                  <td>{m.value}</td>
                  <td>{m.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {reporter && (
        <details class="tracking-form">
          <summary>{t("tracking.measure")}</summary>
          <form onSubmit={submit}>
            <div class="plan-fields-2">
              <div class="field">
                <label for={`${idPrefix}-period`}>{t("tracking.period")}</label>
                <input
                  id={`${idPrefix}-period`}
                  type="text"
                  inputMode="numeric"
                  placeholder={t("tracking.period_placeholder")}
                  pattern="\d{4}(-\d{2})?"
                  required
                  value={form.period}
                  onInput={set("period")}
                />
              </div>
              <div class="field">
                <label for={`${idPrefix}-value`}>{t("tracking.value")}</label>
                <input
                  id={`${idPrefix}-value`}
                  type="text"
                  inputMode="decimal"
                  required
                  value={form.value}
                  onInput={set("value")}
                />
              </div>
            </div>
            <div class="field">
              <label for={`${idPrefix}-mnote`}>{t("tracking.note")}</label>
              <input id={`${idPrefix}-mnote`} type="text" value={form.note} onInput={set("note")} />
            </div>
            <button type="submit" class="button" disabled={busy}>
              {t("tracking.record_measurement")}
            </button>
            <p class="form-message form-message--error" role="alert">
              {error}
            </p>
          </form>
        </details>
      )}
    </div>
  );
}

/** What waits for the organismo garante: verify it, or return it with a reason. */
function AwaitingList({ view, planId, onDone, t }) {
  const waiting = awaitingVerification(view.commitments);
  return (
    <section class="card tracking-awaiting" aria-labelledby="tracking-awaiting-title">
      <h2 id="tracking-awaiting-title">{t("tracking.awaiting_title")}</h2>
      {waiting.length === 0 ? (
        <p class="field-hint">{t("tracking.awaiting_none")}</p>
      ) : (
        <ul class="tracking-awaiting-list">
          {waiting.map(({ commitment, activity }, i) => (
            <Verification
              key={activity.id}
              planId={planId}
              commitment={commitment}
              activity={activity}
              idPrefix={`tracking-v-${i}`}
              onDone={onDone}
              t={t}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function Verification({ planId, commitment, activity, idPrefix, onDone, t }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [field, setField] = useState(null);
  const reasonRef = useRef(null);
  const decide = async (decision) => {
    setBusy(true);
    setError("");
    try {
      await verifyActivity(planId, commitment.id, activity.id, { decision, reason: reason.trim() }, {
        networkMessage: t("error.network"),
      });
      setReason("");
      setField(null);
      await onDone();
    } catch (err) {
      setError(err.message);
      setField(err.field);
      if (err.field === "reason" && reasonRef.current) reasonRef.current.focus();
    } finally {
      setBusy(false);
    }
  };
  const last = (activity.updates || [])[activity.updates.length - 1];
  return (
    <li class="tracking-verification" data-activity-id={activity.id}>
      <p>
        <strong id={`${idPrefix}-what`}>{activity.description}</strong>
        <br />
        <span class="field-hint">{commitment.title}</span>
      </p>
      {last && last.note && <p class="tracking-note">{last.note}</p>}
      {last && <EvidenceList update={last} t={t} />}
      <div class="field">
        <label for={`${idPrefix}-reason`}>{t("tracking.reason")}</label>
        <textarea
          id={`${idPrefix}-reason`}
          ref={reasonRef}
          rows={2}
          value={reason}
          aria-invalid={field === "reason" ? "true" : undefined}
          aria-describedby={field === "reason" ? `${idPrefix}-error` : undefined}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      <div class="tracking-actions">
        <button
          type="button"
          class="button button--primary"
          disabled={busy}
          aria-describedby={`${idPrefix}-what`}
          onClick={() => decide("verificada")}
        >
          {t("tracking.verify")}
        </button>
        <button type="button" class="button" disabled={busy} aria-describedby={`${idPrefix}-what`} onClick={() => decide("devuelta")}>
          {t("tracking.return")}
        </button>
      </div>
      <p id={`${idPrefix}-error`} class="form-message form-message--error" role="alert">
        {error}
      </p>
    </li>
  );
}

/** The six-month monitoring and the final evaluation: the recorded ones, and the form for the next. */
function Reviews({ view, planId, onDone, lang, t }) {
  const missing = missingReviewKinds(view.reviews);
  const [form, setForm] = useState(() => newReviewForm(view.commitments, view.reviews));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const { ask, dialog } = useConfirm(t);
  const titles = Object.fromEntries(view.commitments.map((c) => [c.id, c.title]));
  const rate = (id, key) => (event) =>
    setForm({ ...form, commitments: { ...form.commitments, [id]: { ...form.commitments[id], [key]: event.currentTarget.value } } });

  const submit = async (event) => {
    event.preventDefault();
    const ok = await ask({
      title: t("tracking.review_confirm_title", { kind: t(`tracking.kind_${form.kind}`) }),
      body: t("tracking.review_confirm_body"),
      irreversible: t("tracking.review_confirm_irreversible"),
      confirmLabel: t("tracking.record_review"),
    });
    if (!ok) return;
    setBusy(true);
    setError("");
    try {
      await recordReview(planId, reviewRequest(form, view.commitments), { networkMessage: t("error.network") });
      await onDone();
      setForm(newReviewForm(view.commitments, [...view.reviews, { kind: form.kind }]));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card tracking-reviews" aria-labelledby="tracking-reviews-title">
      <h2 id="tracking-reviews-title">{t("tracking.reviews_title")}</h2>
      <p class="field-hint">{t("tracking.reviews_hint")}</p>
      {view.reviews.map((review) => (
        <div key={review.kind} class="tracking-review">
          <h3>
            {t(`tracking.kind_${review.kind}`)} · {formatMexicoTime(review.at, lang)}
          </h3>
          <ul>
            {review.commitments.map((c) => (
              <li key={c.commitment_id}>
                <strong>{titles[c.commitment_id] || c.commitment_id}</strong>: {t(`tracking.completion_${c.completion}`)} ·{" "}
                {t(`tracking.opened_${c.opened_government}`)}
                {[
                  [c.quality, "tracking.review_quality"],
                  [c.relevance, "tracking.review_relevance"],
                  [c.notes, "tracking.review_notes"],
                ]
                  .filter(([text]) => text)
                  .map(([text, key]) => (
                    <span key={key} class="tracking-review-text">
                      <br />
                      {t(key)}: {text}
                    </span>
                  ))}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {!view.published && <p class="notice">{t("tracking.review_needs_publish")}</p>}
      {view.published && missing.length > 0 && (
        <form class="tracking-review-form" onSubmit={submit}>
          <div class="field">
            <label for="tracking-review-kind">{t("tracking.review_kind")}</label>
            <select id="tracking-review-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value })}>
              {missing.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`tracking.kind_${kind}`)}
                </option>
              ))}
            </select>
          </div>
          {view.commitments.map((commitment, i) => {
            const rated = form.commitments[commitment.id];
            const p = `tracking-r-${i}`;
            if (!rated) return null;
            return (
              <fieldset key={commitment.id} class="tracking-review-commitment">
                <legend>{commitment.title}</legend>
                <div class="plan-fields-2">
                  <div class="field">
                    <label for={`${p}-completion`}>{t("tracking.completion")}</label>
                    <select id={`${p}-completion`} value={rated.completion} onChange={rate(commitment.id, "completion")}>
                      {COMPLETIONS.map((c) => (
                        <option key={c} value={c}>
                          {t(`tracking.completion_${c}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="field">
                    <label for={`${p}-opened`}>{t("tracking.opened_government")}</label>
                    <select id={`${p}-opened`} value={rated.opened_government} onChange={rate(commitment.id, "opened_government")}>
                      {OPENED_GOVERNMENT.map((c) => (
                        <option key={c} value={c}>
                          {t(`tracking.opened_${c}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                {["quality", "relevance", "notes"].map((key) => (
                  <div class="field" key={key}>
                    <label for={`${p}-${key}`}>{t(`tracking.review_${key}`)}</label>
                    <textarea id={`${p}-${key}`} rows={2} value={rated[key]} onInput={rate(commitment.id, key)} />
                  </div>
                ))}
              </fieldset>
            );
          })}
          <button type="submit" class="button button--primary" disabled={busy}>
            {t("tracking.record_review")}
          </button>
          <p class="form-message form-message--error" role="alert">
            {error}
          </p>
        </form>
      )}
      {dialog}
    </section>
  );
}
