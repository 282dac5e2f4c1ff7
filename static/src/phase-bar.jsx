// The workshop's phase: a badge, a stepper of every phase and, for the
// facilitator, the control that changes it (PUT /api/workshops/{id}/phase).

import { useEffect, useState } from "preact/hooks";
import { requestJson } from "./api.js";
import { labelOf } from "./i18n.js";

/**
 * Badge and stepper of the phases.
 * @param {object} props
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {string} props.phase current phase id
 * @param {(key: string, params?: object) => string} props.t
 */
export function PhaseStepper({ phases, phase, t }) {
  const currentIndex = phases.findIndex((item) => item.id === phase);
  return (
    <nav class="phase-bar" aria-label={t("phase.steps")}>
      <p class="phase-current">
        <span class="phase-current-label">{t("phase.current")}</span>{" "}
        <span class="badge badge--phase">{labelOf(phases, phase)}</span>
      </p>
      <ol class="stepper">
        {phases.map((item, index) => {
          const state = index < currentIndex ? "done" : index === currentIndex ? "current" : "todo";
          return (
            <li key={item.id} class={`step step--${state}`} aria-current={state === "current" ? "step" : undefined}>
              <span class="step-number" aria-hidden="true">
                {index + 1}
              </span>
              <span class="step-label">{item.label}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/**
 * Facilitator's phase control.
 * @param {object} props
 * @param {string} props.workshopId
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {string} props.phase current phase id
 * @param {(key: string, params?: object) => string} props.t
 * @param {(phase: string) => void} props.onChanged called after the server accepted the change
 */
export function PhaseControl({ workshopId, phases, phase, t, onChanged }) {
  const [choice, setChoice] = useState(phase);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  useEffect(() => setChoice(phase), [phase]);
  const index = phases.findIndex((item) => item.id === phase);
  const next = index >= 0 && index < phases.length - 1 ? phases[index + 1] : null;

  const change = async (target) => {
    setBusy(true);
    setError("");
    setDone("");
    try {
      await requestJson("PUT", `/api/workshops/${encodeURIComponent(workshopId)}/phase`, { phase: target }, {
        networkMessage: t("error.network"),
      });
      onChanged(target);
      setDone(t("phase.changed", { phase: labelOf(phases, target) }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="phase-control" aria-labelledby="phase-control-heading">
      <h2 id="phase-control-heading" class="phase-control-title">
        {t("phase.control")}
      </h2>
      <div class="phase-control-row">
        {next && (
          <button type="button" class="button button--primary" disabled={busy} onClick={() => change(next.id)}>
            {t("phase.next", { phase: next.label })}
          </button>
        )}
        <form
          class="phase-control-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (choice !== phase) change(choice);
          }}
        >
          <label for="phase-select">{t("phase.go_to")}</label>
          <select id="phase-select" value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
            {phases.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
          <button type="submit" class="button" disabled={busy || choice === phase}>
            {t("phase.apply")}
          </button>
        </form>
      </div>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      <p class="visually-hidden" role="status">
        {done}
      </p>
    </section>
  );
}
