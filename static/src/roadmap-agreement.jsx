// The mesa's agreement on the hoja de ruta: when it was agreed, whether the
// document changed after it («Hay cambios posteriores al acuerdo»), and the
// facilitator's «Registrar acuerdo de la hoja de ruta». Before asking, the
// button waits for the save barrier, so that the server, which agrees its own
// copy of the document, has every edit made on this page; the server refuses
// while errors remain (422, shown with the live issues) and when the same
// content is already agreed (409).

import { useEffect, useState } from "preact/hooks";
import { useConfirm } from "./confirm-dialog.jsx";
import { formatMexicoTime } from "./i18n.js";
import { agreeRoadmap } from "./roadmap-api.js";
import { waitForSaved } from "./roadmap-document.js";
import { localizeIssues } from "./roadmap-issues.js";
import { countText } from "./roadmap-model.js";

/** Phases in which the facilitator records the agreement (server/roadmap.py). */
export const AGREEMENT_PHASES = ["hoja_de_ruta", "cierre"];

/**
 * The agreement's time at the mesa's time (the relatoría's), 24-hour clock.
 * @param {string} iso ISO 8601 with a time zone
 * @param {string} lang
 * @returns {string}
 */
export const formatAgreedAt = (iso, lang) => formatMexicoTime(iso, lang, { dateStyle: "long" });

/**
 * A line for the top of the form: agreed, or changed since.
 * @param {{agreed: Record<string, any>|null, changed: boolean, lang: string, t: Function}} props
 */
export function AgreementStatus({ agreed, changed, lang, t }) {
  if (!agreed) return null;
  return (
    <div class={`notice roadmap-agreed${changed ? " notice--warning" : " roadmap-agreed--current"}`}>
      <p>
        <strong>{t("roadmap.agreed_on", { when: formatAgreedAt(agreed.agreed_at, lang) })}</strong>
      </p>
      {changed && <p class="roadmap-changed">{t("roadmap.changed_after")}</p>}
    </div>
  );
}

/**
 * The agreement card at the end of the form.
 * @param {object} props
 * @param {string} props.workshopId
 * @param {string} props.commitmentId
 * @param {Record<string, any>|null} props.agreed the last agreed hoja de ruta (GET …/roadmap `agreed`)
 * @param {boolean} props.changed the document differs from it
 * @param {{errors: number, warnings: number}} props.counts the live check's
 * @param {boolean} props.canAgree the facilitator, in a phase that records it, not on the projector
 * @param {import("./room-connection.js").RoomConnection|null} props.connection
 * @param {() => Promise<void>} props.onAgreed asks the server's view again
 * @param {() => void} props.recheck runs the live check now
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function AgreementCard({
  workshopId,
  commitmentId,
  agreed,
  changed,
  counts,
  canAgree,
  connection,
  onAgreed,
  recheck,
  lang,
  t,
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [result, setResult] = useState(null);
  const offer = canAgree && (!agreed || changed);
  const { ask, dialog } = useConfirm(t);
  // The server's refusal lists the errors of that moment: once the live
  // check counts differently, the list is stale and goes. A recorded
  // agreement's confirmation goes when the document changes after it.
  useEffect(() => setError(""), [counts.errors]);
  useEffect(() => {
    if (changed) setResult(null);
  }, [changed]);

  const agree = async () => {
    const confirmed = await ask({
      title: t("confirm.roadmap_title"),
      body: t("confirm.roadmap_body"),
      irreversible: t("confirm.roadmap_irreversible"),
      confirmLabel: t("roadmap.agree"),
    });
    if (!confirmed) return;
    setBusy(true);
    setError("");
    setResult(null);
    try {
      if (!(await waitForSaved(connection))) {
        setError(t("roadmap.agree_unsaved"));
        return;
      }
      const answer = await agreeRoadmap(workshopId, commitmentId, { networkMessage: t("error.network") });
      setResult({ agreed: answer.agreed, warnings: Array.isArray(answer.warnings) ? answer.warnings : [] });
      await onAgreed();
    } catch (err) {
      setError(err.message);
      if (err.status === 422) recheck();
      if (err.status === 409) await onAgreed();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card roadmap-agreement" aria-labelledby={`roadmap-agreement-${commitmentId}`}>
      <h3 id={`roadmap-agreement-${commitmentId}`}>{t("roadmap.agreement_title")}</h3>
      {dialog}
      {!agreed && <p>{t("roadmap.not_agreed")}</p>}
      {agreed && !result && (
        <>
          <p class="roadmap-agreement-state">
            {t("roadmap.agreed_on", { when: formatAgreedAt(agreed.agreed_at, lang) })}
          </p>
          {changed && <p class="roadmap-changed">{t("roadmap.changed_after")}</p>}
        </>
      )}
      {offer && (
        <>
          <p class="field-hint">
            {counts.errors > 0 ? countText(t, "roadmap.agree_blocked", counts.errors) : t("roadmap.agree_hint")}
          </p>
          <button type="button" class="button button--primary" disabled={busy} onClick={agree}>
            {t("roadmap.agree")}
          </button>
        </>
      )}
      <div role="status" class="roadmap-agreement-result">
        {busy && <p>{t("roadmap.agreeing")}</p>}
        {result && (
          <div class="notice roadmap-agreement-done">
            <p>
              <strong>
                {t("roadmap.agree_done", { when: formatAgreedAt(result.agreed && result.agreed.agreed_at, lang) })}
              </strong>
            </p>
            {result.warnings.length > 0 && (
              <>
                <p>{countText(t, "roadmap.agree_warnings", result.warnings.length)}</p>
                <ul>
                  {localizeIssues(result.warnings, t, lang).map((warning, index) => (
                    <li key={index}>{warning.message}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
    </section>
  );
}
