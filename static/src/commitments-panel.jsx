// «Compromiso», a chunk: each commitment that came out of a decision, with
// its status steps (preliminar → en revisión → definitivo) and its sheet
// (ficha de compromiso): texts, the OGP values and the SDGs. Participants and
// the facilitator fill it in; it saves itself a moment after typing stops
// (PUT …/commitments/{id}, only the fields changed) and says «Guardado».
// Others' saved changes arrive by polling and never overwrite a field being
// changed here (commitment-model.js `mergeSheet`). The facilitator moves the
// status on; the server refuses «definitivo» while fields are missing, and
// its message is shown. A definitive commitment is read-only.

import { useEffect, useRef, useState } from "preact/hooks";
import {
  OGP_VALUES,
  SAVE_DELAY_MS,
  SDG_NUMBERS,
  SHEET_POLL_MS,
  SHEET_TEXT_FIELDS,
  STATUSES,
  STATUS_DEFINITIVO,
  TEXT_FIELD_MAX,
  mergeSheet,
  nextStatus,
  normalizeSheet,
  sheetChanges,
  toggleValue,
} from "./commitment-model.js";
import { CommitmentDownloads, PlanActions } from "./plan-room.jsx";
import { usePolled } from "./use-polled.js";
import { advanceCommitment, listCommitments, updateCommitment } from "./voting-api.js";
import { useConfirm } from "./confirm-dialog.jsx";
import "./room-kit.js";
import "./stage-kit.js";

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {{role: string}} props.me
 * @param {import("./stage.jsx").AlternativesState} props.alternatives
 * @param {boolean} props.projector
 * @param {(key: string, params?: object) => string} props.t
 */
export function CommitmentsPanel({ workshopId, me, alternatives, projector, t }) {
  const polled = usePolled(() => listCommitments(workshopId, { networkMessage: t("error.network") }), {
    key: workshopId,
    intervalMs: SHEET_POLL_MS,
  });
  const list = (polled.data && polled.data.commitments) || [];
  return (
    <div class="commitments">
      <p class="stage-intro">{t("commitments.intro")}</p>
      {polled.error && (
        <p class="form-message form-message--error" role="alert">
          {polled.error}
        </p>
      )}
      {polled.loaded && list.length === 0 && <p class="tree-empty">{t("commitments.none")}</p>}
      {list.map((commitment) => (
        <CommitmentSheet
          key={commitment.id}
          commitment={commitment}
          workshopId={workshopId}
          editable={me.role !== "observer" && !projector && commitment.status !== STATUS_DEFINITIVO}
          canAdvance={me.role === "facilitator" && !projector}
          from={alternatives.titleOf(commitment.alternative_id)}
          onChanged={polled.refresh}
          t={t}
        />
      ))}
      {list.length > 0 && !projector && <CommitmentDownloads workshopId={workshopId} count={list.length} t={t} />}
    </div>
  );
}

/** The form's sheet against the last saved one, saved a moment after each change. */
const useSheet = (commitment, workshopId, t) => {
  const [local, setLocalState] = useState(() => normalizeSheet(commitment.sheet));
  const [save, setSave] = useState({ state: "saved", error: "" });
  const saved = useRef(normalizeSheet(commitment.sheet));
  const localRef = useRef(local);
  const timer = useRef(null);
  const inflight = useRef(null);

  const setLocal = (next) => {
    localRef.current = next;
    setLocalState(next);
  };

  // Someone else saved: take in what this person has not changed.
  const serverKey = JSON.stringify(commitment.sheet);
  useEffect(() => {
    if (inflight.current) return;
    const server = normalizeSheet(commitment.sheet);
    setLocal(mergeSheet(localRef.current, saved.current, server));
    saved.current = server;
  }, [serverKey]);

  const flush = async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    if (inflight.current) await inflight.current;
    const sent = localRef.current;
    const changes = sheetChanges(saved.current, sent);
    if (!sent.title.trim()) delete changes.title; // the server requires a title; keep the old one until there is one
    if (Object.keys(changes).length === 0) {
      setSave({ state: sent.title.trim() ? "saved" : "error", error: sent.title.trim() ? "" : t("sheet.title_needed") });
      return true;
    }
    setSave({ state: "saving", error: "" });
    const request = updateCommitment(workshopId, commitment.id, changes, { networkMessage: t("error.network") });
    inflight.current = request.catch(() => null);
    try {
      const answer = await request;
      const server = normalizeSheet(answer && answer.sheet);
      setLocal(mergeSheet(localRef.current, sent, server));
      saved.current = server;
      const dirty = Object.keys(sheetChanges(server, localRef.current)).length > 0;
      setSave({ state: dirty ? "dirty" : "saved", error: "" });
      if (dirty) timer.current = setTimeout(flush, SAVE_DELAY_MS);
      return true;
    } catch (err) {
      setSave({ state: "error", error: err.message });
      return false;
    } finally {
      inflight.current = null;
    }
  };

  const change = (patch) => {
    setLocal({ ...localRef.current, ...patch });
    setSave({ state: "dirty", error: "" });
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_DELAY_MS);
  };

  useEffect(
    () => () => {
      if (timer.current !== null) {
        clearTimeout(timer.current);
        flush();
      }
    },
    [],
  );
  return { local, save, change, flush };
};

function CommitmentSheet({ commitment, workshopId, editable, canAdvance, from, onChanged, t }) {
  const { local, save, change, flush } = useSheet(commitment, workshopId, t);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const next = nextStatus(commitment.status);
  const missing = commitment.missing || [];
  const base = `c-${commitment.id}`;

  const { ask, dialog } = useConfirm(t);
  const advance = async () => {
    // «Hacer definitivo» locks the commitment for good: asked first.
    const title = local.title || t("sheet.untitled");
    const definitive = { title: t("confirm.definitive_title"), body: t("confirm.definitive_body", { title }) };
    const asked = { ...definitive, irreversible: t("confirm.definitive_irreversible"), confirmLabel: t("commitments.to_definitivo") };
    if (next === "definitivo" && !(await ask(asked))) return;
    setBusy(true);
    setError("");
    try {
      if (editable && !(await flush())) return;
      await advanceCommitment(workshopId, commitment.id, next, { networkMessage: t("error.network") });
      await onChanged();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class={`commitment commitment--${commitment.status}`} data-commitment-id={commitment.id} aria-labelledby={`${base}-heading`}>
      <header class="commitment-head">
        <h3 id={`${base}-heading`}>{local.title || t("sheet.untitled")}</h3>
        <p class="commitment-from">
          {t("commitments.from", { title: from })}
          {editable && (
            <span class={`save save--${save.state === "error" ? "unsaved" : save.state}`} aria-hidden="true">
              {" · "}
              {t(`sheet.save_${save.state}`)}
            </span>
          )}
        </p>
        <ol class="stepper commitment-steps" aria-label={t("commitments.status")}>
          {STATUSES.map((status, index) => {
            const current = STATUSES.indexOf(commitment.status);
            const state = index < current ? "done" : index === current ? "current" : "todo";
            return (
              <li key={status} class={`step step--${state}`} aria-current={state === "current" ? "step" : undefined}>
                <span class="step-number" aria-hidden="true">
                  {index + 1}
                </span>
                <span class="step-label">{t(`commitment_status.${status}`)}</span>
              </li>
            );
          })}
        </ol>
      </header>
      {commitment.status === STATUS_DEFINITIVO && <p class="notice notice--readonly">{t("commitments.definitive")}</p>}
      {missing.length > 0 && (
        <p class="commitment-missing">
          <strong>{t("commitments.missing")}</strong> {missing.map((field) => t(`sheet.${field}`)).join(", ")}
        </p>
      )}
      <div class="sheet">
        {SHEET_TEXT_FIELDS.map((field) => (
          <div class="field" key={field}>
            <label for={`${base}-${field}`}>{t(`sheet.${field}`)}</label>
            {field === "title" ? (
              <input
                id={`${base}-${field}`}
                type="text"
                maxLength={TEXT_FIELD_MAX}
                readOnly={!editable}
                value={local[field]}
                onInput={(e) => change({ [field]: e.currentTarget.value })}
                onBlur={() => editable && flush()}
              />
            ) : (
              <textarea
                id={`${base}-${field}`}
                rows={3}
                maxLength={TEXT_FIELD_MAX}
                readOnly={!editable}
                value={local[field]}
                placeholder={editable ? t(`sheet_hint.${field}`) : ""}
                onInput={(e) => change({ [field]: e.currentTarget.value })}
                onBlur={() => editable && flush()}
              />
            )}
          </div>
        ))}
        <fieldset class="field sheet-values">
          <legend>{t("sheet.ogp_values")}</legend>
          <div class="choices choices--grid">
            {OGP_VALUES.map((value) => (
              <label class="choice" key={value}>
                <input
                  type="checkbox"
                  disabled={!editable}
                  checked={local.ogp_values.includes(value)}
                  onChange={(e) => change({ ogp_values: toggleValue(local.ogp_values, value, e.currentTarget.checked, OGP_VALUES) })}
                />
                <span>{t(`ogp.${value}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class="field sheet-sdgs">
          <legend>{t("sheet.sdgs")}</legend>
          <div class="choices choices--grid">
            {SDG_NUMBERS.map((n) => (
              <label class="choice" key={n}>
                <input
                  type="checkbox"
                  disabled={!editable}
                  checked={local.sdgs.includes(n)}
                  onChange={(e) => change({ sdgs: toggleValue(local.sdgs, n, e.currentTarget.checked, SDG_NUMBERS) })}
                />
                <span>
                  <span class="sdg-number">{n}.</span> {t(`sdg.${n}`)}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {editable && (
        <div class="sheet-save">
          <p class={`save save--${save.state === "error" ? "unsaved" : save.state}`} role="status">
            {t(`sheet.save_${save.state}`)}
          </p>
          {save.state !== "saved" && save.state !== "saving" && (
            <button type="button" class="button button--small" onClick={flush}>
              {t("sheet.save_now")}
            </button>
          )}
          <p class="form-message form-message--error" role="alert">
            {save.error}
          </p>
        </div>
      )}
      {canAdvance && next && (
        <div class="commitment-advance">
          {dialog}
          <button type="button" class="button button--primary" disabled={busy} onClick={advance}>
            {t(`commitments.to_${next}`)}
          </button>
          <p class="field-hint">{t(`commitments.to_${next}_hint`)}</p>
        </div>
      )}
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      {canAdvance && <PlanActions workshopId={workshopId} commitment={commitment} t={t} />}
    </article>
  );
}
