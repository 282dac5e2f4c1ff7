// What the plan page's «Seguimiento» section and the follow-up page both
// show from GET /api/plans/{id}/follow-up: a commitment's progress (verified
// apart from reported), an activity's status and dates with its late or due
// soon mark, its reports with their evidence (links as text, files with
// their size and SHA-256), and the lists of what is late and due soon.

import { formatDate, formatMexicoTime } from "./i18n.js";
import { formatBytes } from "./follow-up-model.js";

/**
 * Verified progress as a bar, reported progress beside it in words.
 * @param {{progress: {verified: number, reported: number, late: number}, id: string, t: Function}} props
 */
export function ProgressLine({ progress, id, t }) {
  const verified = Math.round(progress.verified || 0);
  const reported = Math.round(progress.reported || 0);
  return (
    <div class="tracking-progress" data-verified={verified}>
      <div
        class="tracking-bar"
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={verified}
      >
        <span class="tracking-bar-done" style={{ width: `${verified}%` }} />
        <span class="tracking-bar-reported" style={{ width: `${Math.max(0, Math.min(100 - verified, reported))}%` }} />
      </div>
      <p id={id} class="tracking-progress-text">
        {t("tracking.progress_line", { verified, reported })}
        {progress.late > 0 && <> · {t("tracking.late_count", { count: progress.late })}</>}
      </p>
    </div>
  );
}

/** The activity's status, and «Atrasada» / «Vence pronto» marks. */
export function ActivityMarks({ activity, t }) {
  return (
    <p class="tracking-marks">
      <span class={`tracking-status tracking-status--${activity.status}`} data-status={activity.status}>
        {t(`tracking.status_${activity.status}`)}
      </span>
      {activity.late && <span class="tracking-flag tracking-flag--late">{t("tracking.late")}</span>}
      {!activity.late && activity.due_soon && (
        <span class="tracking-flag tracking-flag--soon">{t("tracking.due_soon")}</span>
      )}
    </p>
  );
}

/** @param {{activity: Record<string, any>, lang: string, t: Function}} props */
export function ActivityDates({ activity, lang, t }) {
  return (
    <p class="tracking-dates">
      {t("tracking.dates", { start: formatDate(activity.start, lang) || "—", end: formatDate(activity.end, lang) || "—" })}
    </p>
  );
}

/** One report's evidence: links as text (never active), files to download. */
export function EvidenceList({ update, t }) {
  const links = update.links || [];
  const files = update.evidence || [];
  if (links.length === 0 && files.length === 0) return null;
  return (
    <ul class="tracking-evidence">
      {links.map((link) => (
        <li key={link}>
          <span class="tracking-evidence-kind">{t("tracking.evidence_link")}</span> <code>{link}</code>
        </li>
      ))}
      {files.map((file) => (
        <li key={file.id}>
          <span class="tracking-evidence-kind">{t("tracking.evidence_file")}</span>{" "}
          <a href={file.url} download>
            {file.name}
          </a>{" "}
          ({formatBytes(file.size)}) <span class="tracking-sha">SHA-256 {file.sha256}</span>
        </li>
      ))}
    </ul>
  );
}

/** An activity's reports, newest first. */
export function UpdatesList({ activity, lang, t }) {
  const updates = [...(activity.updates || [])].reverse();
  if (updates.length === 0) return <p class="field-hint">{t("tracking.no_updates")}</p>;
  return (
    <ol class="tracking-updates" reversed>
      {updates.map((update) => (
        <li key={update.id} class="tracking-update">
          <p class="tracking-update-head">
            <strong>{t(`tracking.status_${update.status}`)}</strong> ·{" "}
            {t(`tracking.role_${update.role}`)} · {formatMexicoTime(update.at, lang)}
          </p>
          {update.note && <p class="tracking-note">{update.note}</p>}
          <EvidenceList update={update} t={t} />
        </li>
      ))}
    </ol>
  );
}

/** What is late and what ends in the next 15 days. */
export function DueLists({ view, lang, t }) {
  const late = view.late || [];
  const due = view.due_soon || [];
  // Several commitments: each item says whose it is.
  const titles = Object.fromEntries((view.commitments || []).map((c) => [c.id, c.title]));
  const whose = (item) =>
    (view.commitments || []).length > 1 && titles[item.commitment_id] ? (
      <span class="tracking-whose"> ({titles[item.commitment_id]})</span>
    ) : null;
  return (
    <div class="tracking-due">
      <h3>{t("tracking.late_title")}</h3>
      {late.length === 0 ? (
        <p class="field-hint">{t("tracking.none_late")}</p>
      ) : (
        <ul class="tracking-due-list tracking-due-list--late">
          {late.map((item) => (
            <li key={item.activity_id}>
              {item.description} — {t("tracking.ended", { end: formatDate(item.end, lang) })}
              {whose(item)}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("tracking.due_soon_title")}</h3>
      {due.length === 0 ? (
        <p class="field-hint">{t("tracking.none_due")}</p>
      ) : (
        <ul class="tracking-due-list">
          {due.map((item) => (
            <li key={item.activity_id}>
              {item.description} — {t("tracking.ends", { end: formatDate(item.end, lang) })}
              {whose(item)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
