// The plan's commitments in their order: each one's origin (co-creado or
// proactivo), moving it up or down (the focus follows it, the move is
// announced), taking in the mesa's latest data («Actualizar desde la mesa»,
// which needs that mesa's facilitator) and removing it after a confirmation.
// The move buttons are only disabled at the ends, never while busy: a
// disabled button cannot keep the focus that follows the moved commitment.

import { useEffect, useState } from "preact/hooks";
import { attachCommitment, detachCommitment, reorderCommitments, setOrigin } from "./plan-api.js";
import { EDIT_CONFLICT } from "./plan-edit-model.js";
import { ORIGINS, commitmentOrder, entrySummary, moveInOrder, originLabelKey } from "./plan-model.js";

/**
 * @param {object} props
 * @param {Record<string, any>} props.plan
 * @param {string} props.planId
 * @param {() => Promise<void>} props.onChanged reads the plan again
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanCommitments({ plan, planId, onChanged, t }) {
  const entries = plan.commitments || [];
  const order = commitmentOrder(plan);
  const [announce, setAnnounce] = useState("");
  const [focusId, setFocusId] = useState(null);

  useEffect(() => {
    if (!focusId) return;
    const element = document.getElementById(focusId);
    if (element) element.focus();
    setFocusId(null);
  }, [focusId, plan]);

  const [moveError, setMoveError] = useState("");

  const move = async (id, delta, title) => {
    const next = moveInOrder(order, id, delta);
    if (!next) return;
    setMoveError("");
    try {
      await reorderCommitments(planId, next, order, { networkMessage: t("error.network") });
    } catch (err) {
      // Someone else moved or added a commitment since this list was read:
      // nothing changed; the list is read again so the person sees it.
      setMoveError(err.code === EDIT_CONFLICT ? t("plan.order_conflict") : err.message);
      await onChanged();
      return;
    }
    await onChanged();
    const position = next.indexOf(id);
    setAnnounce(t("plan.moved", { title, position: position + 1, total: next.length }));
    // Keep the focus on the same button unless the item reached that end.
    const atEnd = delta < 0 ? position === 0 : position === next.length - 1;
    setFocusId(`plan-c-${id}-${(delta < 0) !== atEnd ? "up" : "down"}`);
  };

  return (
    <section class="card plan-commitments" aria-labelledby="plan-commitments-title">
      <h2 id="plan-commitments-title" tabIndex={-1}>
        {t("plan.commitments_title")}
      </h2>
      <p class="field-hint">{t("plan.commitments_hint")}</p>
      {entries.length === 0 && <p class="plan-empty">{t("plan.commitments_none")}</p>}
      <ol class="plan-entries">
        {entries.map((entry, index) => (
          <PlanEntry
            key={entrySummary(entry).id}
            entry={entry}
            index={index}
            total={entries.length}
            planId={planId}
            onMove={move}
            onChanged={onChanged}
            onRemoved={(title) => {
              setAnnounce(t("plan.removed", { title }));
              setFocusId("plan-commitments-title");
            }}
            t={t}
          />
        ))}
      </ol>
      <p class="form-message form-message--error plan-order-error" role="alert">
        {moveError}
      </p>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
    </section>
  );
}

function PlanEntry({ entry, index, total, planId, onMove, onChanged, onRemoved, t }) {
  const summary = entrySummary(entry);
  const title = summary.title || t("sheet.untitled");
  const base = `plan-c-${summary.id}`;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [confirming, setConfirming] = useState(false);

  const run = async (action, doneMessage = "") => {
    if (busy) return false;
    setBusy(true);
    setError("");
    setDone("");
    try {
      await action();
      if (doneMessage) setDone(doneMessage);
      return true;
    } catch (err) {
      setError(err.message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const options = { networkMessage: t("error.network") };

  const changeOrigin = (event) => {
    const origin = event.currentTarget.value;
    run(async () => {
      await setOrigin(planId, summary.id, origin, options);
      await onChanged();
    }, t("plan.origin_saved", { origin: t(originLabelKey(origin)) }));
  };
  const refresh = () =>
    run(async () => {
      await attachCommitment(
        planId,
        { workshop_id: summary.workshopId, commitment_id: summary.id, origin: summary.origin },
        options,
      );
      await onChanged();
    }, t("plan.refreshed"));
  const remove = async () => {
    const ok = await run(async () => {
      await detachCommitment(planId, summary.id, options);
    });
    if (ok) {
      onRemoved(title);
      await onChanged();
    }
  };

  return (
    <li class="plan-entry" id={base} data-commitment-id={summary.id}>
      <h3 id={`${base}-heading`} tabIndex={-1}>
        <span class="plan-entry-number">{t("plan.commitment_n", { n: index + 1 })}</span> {title}
      </h3>
      <p class="plan-entry-meta">
        {summary.mesa && <span>{t("plan.from_mesa", { title: summary.mesa })}</span>}
        {summary.status && <span>{t("plan.status", { status: t(`commitment_status.${summary.status}`) })}</span>}
        {summary.workshopId && (
          <a href={`/w/${encodeURIComponent(summary.workshopId)}`}>{t("plan.open_mesa")}</a>
        )}
      </p>
      <div class="plan-entry-tools">
        <div class="field plan-origin">
          <label for={`${base}-origin`}>{t("plan.origin")}</label>
          <select id={`${base}-origin`} value={summary.origin} disabled={busy} onChange={changeOrigin}>
            {ORIGINS.map((origin) => (
              <option key={origin} value={origin}>
                {t(originLabelKey(origin))}
              </option>
            ))}
          </select>
        </div>
        <div class="plan-entry-buttons">
          <button
            type="button"
            id={`${base}-up`}
            class="button button--small"
            disabled={index === 0}
            onClick={() => run(() => onMove(summary.id, -1, title))}
          >
            {t("plan.move_up")}
            <span class="visually-hidden"> «{title}»</span>
          </button>
          <button
            type="button"
            id={`${base}-down`}
            class="button button--small"
            disabled={index === total - 1}
            onClick={() => run(() => onMove(summary.id, 1, title))}
          >
            {t("plan.move_down")}
            <span class="visually-hidden"> «{title}»</span>
          </button>
          <button
            type="button"
            class="button button--small"
            disabled={busy || !summary.workshopId}
            onClick={refresh}
          >
            {t("plan.refresh")}
            <span class="visually-hidden"> «{title}»</span>
          </button>
          <button
            type="button"
            class="button button--small button--danger"
            disabled={busy}
            aria-expanded={confirming ? "true" : "false"}
            aria-controls={`${base}-confirm`}
            onClick={() => setConfirming(!confirming)}
          >
            {t("plan.remove")}
            <span class="visually-hidden"> «{title}»</span>
          </button>
        </div>
      </div>
      {confirming && (
        <div class="notice notice--warning plan-confirm" id={`${base}-confirm`} role="group" aria-label={t("plan.remove")}>
          <p>{t("plan.remove_confirm", { title })}</p>
          <div class="plan-entry-buttons">
            <button type="button" class="button button--small button--danger" disabled={busy} onClick={remove}>
              {t("plan.remove_yes")}
            </button>
            <button type="button" class="button button--small" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      )}
      <p class="save" role="status">
        {done}
      </p>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
    </li>
  );
}
