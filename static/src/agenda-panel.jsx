// «Orden del día», the facilitator's: the steps with their phase and planned
// minutes (the default one per phase until edited), which one is in course
// with the minutes it has run, start / finish a step, and edit the list. The
// list is saved with the revision it was edited from: if another save came
// first (another tab), the edit stays and the facilitator chooses.

import { useState } from "preact/hooks";
import { useModerationAction } from "./use-moderation.js";
import { labelOf } from "./i18n.js";
import { finishStep, getModeration, setAgenda, startStep } from "./moderation-api.js";
import { EditConflict, isEditConflict } from "./edit-conflict.jsx";
import "./room-kit.js";

const STEP_MINUTES_MAX = 480;

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {(key: string, params?: object) => string} props.t
 */
export function AgendaPanel({ workshopId, moderation, phases, t }) {
  const { busy, error, refused, clear, act } = useModerationAction(moderation, t);
  const [draft, setDraft] = useState(null);
  // The agenda's revision the draft started from (docs/api.md «Stale writes»).
  const [base, setBase] = useState(0);
  const { view } = moderation;
  if (!view) return null;
  const { agenda } = view;
  const conflict = draft !== null && isEditConflict(refused);

  const start = (step, index) =>
    act((o) => startStep(workshopId, agenda.is_default ? { index } : { step_id: step.id }, o));
  const edit = (index, patch) => setDraft(draft.map((step, i) => (i === index ? { ...step, ...patch } : step)));
  const steps = () =>
    draft.map(({ id, title, phase, planned_minutes }) => ({
      ...(id ? { id } : {}),
      title,
      phase,
      planned_minutes: Number(planned_minutes),
    }));
  const save = async () => {
    if (await act((o) => setAgenda(workshopId, steps(), base, o))) setDraft(null);
  };
  const startEditing = () => {
    clear();
    setBase(agenda.revision);
    setDraft(agenda.steps.map((s) => ({ ...s })));
  };
  const showCurrent = () => {
    clear();
    setDraft(null);
    moderation.refresh();
  };
  // Mine over theirs: saved on the revision the server holds now.
  const keepMine = async () => {
    const saved = await act(async (o) => {
      const { view: now } = await getModeration(workshopId, o);
      setBase(now.agenda.revision);
      return setAgenda(workshopId, steps(), now.agenda.revision, o);
    });
    if (saved) setDraft(null);
  };

  return (
    <section class="agenda-panel" aria-labelledby="agenda-heading">
      <h3 id="agenda-heading">{t("agenda.title")}</h3>
      <p class="form-message form-message--error" role="alert">
        {conflict ? "" : error}
      </p>
      {conflict && (
        <EditConflict
          message={t("agenda.conflict")}
          onShowCurrent={showCurrent}
          onKeepMine={keepMine}
          busy={busy}
          t={t}
        />
      )}
      {draft === null ? (
        <>
          <ol class="agenda-steps">
            {agenda.steps.map((step, index) => {
              const running = agenda.current !== null && step.id === agenda.current;
              return (
                <li class={`agenda-step${running ? " agenda-step--current" : ""}`} key={step.id || index}>
                  <span>
                    <strong>{step.title}</strong> · {labelOf(phases, step.phase)} ·{" "}
                    {t("agenda.planned_actual", {
                      planned: step.planned_minutes,
                      actual: Math.floor(step.actual_seconds / 60),
                    })}
                  </span>
                  {running ? (
                    <button type="button" class="button button--small" disabled={busy} onClick={() => act((o) => finishStep(workshopId, o))}>
                      {t("agenda.finish")}
                    </button>
                  ) : (
                    <button
                      type="button"
                      class="button button--small"
                      disabled={busy}
                      aria-label={t("agenda.start_named", { title: step.title })}
                      onClick={() => start(step, index)}
                    >
                      {t("agenda.start")}
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
          <button type="button" class="button button--small" onClick={startEditing}>
            {t("agenda.edit")}
          </button>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          {draft.map((step, index) => (
            <fieldset class="agenda-edit" key={step.id || `new-${index}`}>
              <legend>{t("agenda.step_n", { n: index + 1 })}</legend>
              <label class="field">
                <span>{t("agenda.step_title")}</span>
                <input
                  type="text"
                  required
                  maxLength={120}
                  value={step.title}
                  onInput={(event) => edit(index, { title: event.currentTarget.value })}
                />
              </label>
              <label class="field field--inline">
                <span>{t("agenda.step_phase")}</span>
                <select value={step.phase} onChange={(event) => edit(index, { phase: event.currentTarget.value })}>
                  {phases.map((p) => (
                    <option value={p.id} key={p.id}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field field--inline">
                <span>{t("agenda.step_minutes")}</span>
                <input
                  type="number"
                  min="1"
                  max={STEP_MINUTES_MAX}
                  required
                  value={step.planned_minutes}
                  onInput={(event) => edit(index, { planned_minutes: event.currentTarget.value })}
                />
              </label>
              <button
                type="button"
                class="button button--small"
                disabled={step.id && step.id === agenda.current}
                onClick={() => setDraft(draft.filter((_, i) => i !== index))}
              >
                {t("agenda.remove")}
              </button>
            </fieldset>
          ))}
          <div class="moderation-panel__row">
            <button
              type="button"
              class="button button--small"
              onClick={() => setDraft([...draft, { id: "", title: "", phase: phases[0].id, planned_minutes: 10 }])}
            >
              {t("agenda.add")}
            </button>
            <button type="submit" class="button button--small" disabled={busy}>
              {t("agenda.save")}
            </button>
            <button type="button" class="button button--small" onClick={showCurrent}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
