// The review's criteria, edited by the facilitator (a chunk of the
// assessment view, assessment-view.jsx): add, rename, remove. Someone else's
// change shows while nothing is typed; a draft is saved with the revision it
// started from, so a save made after another one is refused as stale and the
// facilitator chooses (edit-conflict.jsx, docs/api.md «Stale writes»).

import { useEffect, useState } from "preact/hooks";
import { getAssessment, putCriteria } from "./assessment-api.js";
import { CRITERIA_MAX, CRITERIA_MIN, CRITERION_LABEL_MAX, criteriaDraft, criteriaRequest } from "./assessment-model.js";
import { EditConflict, isEditConflict } from "./edit-conflict.jsx";

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {Array<{id: string, label: string}>} props.criteria the saved ones, live
 * @param {number} props.revision their revision
 * @param {() => Promise<void>} props.onSaved ask the review again
 * @param {(key: string, params?: object) => string} props.t
 */
export function CriteriaEditor({ workshopId, criteria, revision, onSaved, t }) {
  const [draft, setDraft] = useState(() => criteriaDraft(criteria));
  // The criteria's revision the draft started from (docs/api.md «Stale writes»).
  const [base, setBase] = useState(revision);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState("");
  // Someone else's change arrives with the next poll: shown unless mine is
  // being written (then saving mine is refused as stale, and says so).
  const shown = JSON.stringify(criteria);
  useEffect(() => {
    if (!dirty) {
      setDraft(criteriaDraft(criteria));
      setBase(revision);
    }
  }, [shown, revision]);

  const edit = (next) => {
    setDraft(next);
    setDirty(true);
    setDone("");
  };
  const submit = async (event) => {
    event.preventDefault();
    const { body, problem, index } = criteriaRequest(draft);
    if (problem) {
      setError(t(`assessment.criteria_needs_${problem}`, { n: index + 1, min: CRITERIA_MIN, max: CRITERIA_MAX }));
      if (index >= 0) document.getElementById(`criterion-${index}`)?.focus();
      return;
    }
    await save(body, base);
  };
  const save = async (body, from) => {
    setBusy(true);
    setError("");
    setConflict(false);
    try {
      const request = { ...body, base_revision: from };
      const answer = await putCriteria(workshopId, request, { networkMessage: t("error.network") });
      setDraft(criteriaDraft(answer.criteria));
      setBase(answer.revision);
      setDirty(false);
      setDone(t("assessment.criteria_saved"));
      await onSaved();
    } catch (err) {
      if (isEditConflict(err)) setConflict(true);
      else setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const discard = () => {
    setDraft(criteriaDraft(criteria));
    setBase(revision);
    setDirty(false);
    setError("");
    setConflict(false);
    onSaved();
  };
  // Mine over theirs: saved on the revision the server holds now.
  const keepMine = async () => {
    const { body } = criteriaRequest(draft);
    try {
      const review = await getAssessment(workshopId, { networkMessage: t("error.network") });
      await save(body, review.criteria_revision || 0);
    } catch (err) {
      setError(err.message);
    }
  };

  return (
    <details class="criteria-editor card">
      <summary>{t("assessment.criteria_edit")}</summary>
      <form onSubmit={submit} noValidate>
        <p class="field-hint">{t("assessment.criteria_hint")}</p>
        <ol class="criteria-list">
          {draft.map((item, index) => (
            <li key={item.id || `new-${index}`} class="criteria-item">
              <label for={`criterion-${index}`} class="visually-hidden">
                {t("assessment.criterion_n", { n: index + 1 })}
              </label>
              <input
                id={`criterion-${index}`}
                type="text"
                maxLength={CRITERION_LABEL_MAX}
                value={item.label}
                onInput={(event) =>
                  edit(draft.map((c, i) => (i === index ? { ...c, label: event.currentTarget.value } : c)))
                }
              />
              <button
                type="button"
                class="button button--small button--danger"
                disabled={draft.length <= CRITERIA_MIN}
                aria-label={t("assessment.criterion_remove", { label: item.label || index + 1 })}
                onClick={() => edit(draft.filter((_, i) => i !== index))}
              >
                {t("assessment.remove")}
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          class="button button--small button--add"
          disabled={draft.length >= CRITERIA_MAX}
          onClick={() => edit([...draft, { id: null, label: "" }])}
        >
          {t("assessment.criterion_add")}
        </button>
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
        {conflict && (
          <EditConflict
            message={t("assessment.criteria_conflict")}
            onShowCurrent={discard}
            onKeepMine={keepMine}
            busy={busy}
            t={t}
          />
        )}
        <p class="form-message form-message--done" role="status">
          {done}
        </p>
        <div class="dialog-actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {t("assessment.criteria_save")}
          </button>
          <button type="button" class="button" disabled={!dirty} onClick={discard}>
            {t("assessment.criteria_discard")}
          </button>
        </div>
      </form>
    </details>
  );
}
