// The fields of a ballot, one component per method (see ballot-form.jsx).
// Each gets the round, the draft, `setDraft`, the titles and the problems to
// show (ballot-model.js `draftProblems`, once the person tried to send).

import { useLayoutEffect, useRef, useState } from "preact/hooks";
import {
  CONSENT_OBJECT,
  CONSENT_RESPONSES,
  FIST_MAX,
  FIST_OBJECTION_MAX,
  FIST_RESERVATIONS,
  METHOD_CONSENT,
  REASON_MAX,
  addDot,
  dotsLimits,
  dotsRemaining,
  isObjection,
  moveRanked,
  removeDot,
  scoreScale,
  setRanked,
  setScore,
} from "./ballot-model.js";

const problemFor = (problems, option, code) => problems.some((p) => p.option === option && p.code === code);
const fieldId = (round, option, what) => `b-${round.id}-${what}-${option}`;

export function ApprovalBallot({ round, draft, setDraft, titleOf, t }) {
  const toggle = (id, on) =>
    setDraft({ ...draft, approve: on ? [...draft.approve, id] : draft.approve.filter((item) => item !== id) });
  return (
    <fieldset class="ballot-options">
      <legend class="visually-hidden">{t("ballot.help_approval")}</legend>
      {round.options.map((id) => (
        <label class="choice ballot-option" key={id}>
          <input type="checkbox" checked={draft.approve.includes(id)} onChange={(e) => toggle(id, e.currentTarget.checked)} />
          <span>{titleOf(id)}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function DotsBallot({ round, draft, setDraft, titleOf, t }) {
  const { budget, max } = dotsLimits(round);
  const left = dotsRemaining(round, draft);
  return (
    <div class="ballot-options">
      <p class="dots-left" aria-live="polite">
        {t("ballot.dots_left", { left, budget, max })}
      </p>
      <ul class="dots-list">
        {round.options.map((id) => {
          const n = draft.dots[id] || 0;
          const title = titleOf(id);
          return (
            <li class="dots-row" key={id}>
              <span class="dots-title">{title}</span>
              <span class="dots-controls">
                <button
                  type="button"
                  class="button button--small dots-button"
                  aria-label={t("ballot.dot_remove", { title })}
                  disabled={n === 0}
                  onClick={() => setDraft(removeDot(draft, id))}
                >
                  −
                </button>
                <output class="dots-count" aria-label={t("ballot.dots_on", { title, n })}>
                  {n}
                </output>
                <button
                  type="button"
                  class="button button--small dots-button"
                  aria-label={t("ballot.dot_add", { title })}
                  disabled={n >= max || left === 0}
                  onClick={() => setDraft(addDot(round, draft, id))}
                >
                  +
                </button>
              </span>
              <span class="dots-pips" aria-hidden="true">
                {"●".repeat(n)}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function ScoreBallot({ round, draft, setDraft, titleOf, problems, t }) {
  const { criteria, min, max } = scoreScale(round);
  const values = [];
  for (let n = min; n <= max; n += 1) values.push(n);
  const weighted = criteria.some((c) => c.weight !== criteria[0].weight);
  return (
    <div class="ballot-options">
      <p class="field-hint">{t("ballot.score_scale", { min, max })}</p>
      {round.options.map((id) => {
        const row = draft.scores[id] || {};
        const incomplete = problemFor(problems, id, "score_incomplete");
        return (
          <fieldset class={`score-option${incomplete ? " has-problem" : ""}`} key={id}>
            <legend>{titleOf(id)}</legend>
            <div class="score-grid">
              {criteria.map((criterion) => {
                const field = fieldId(round, id, `score-${criterion.id}`);
                return (
                  <div class="score-cell" key={criterion.id}>
                    <label for={field}>
                      {criterion.label}
                      {weighted && <span class="score-weight"> {t("ballot.weight", { weight: criterion.weight })}</span>}
                    </label>
                    <select
                      id={field}
                      value={Number.isInteger(row[criterion.id]) ? String(row[criterion.id]) : ""}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setDraft(setScore(draft, id, criterion.id, value === "" ? null : Number(value)));
                      }}
                    >
                      <option value="">{t("ballot.score_none")}</option>
                      {values.map((n) => (
                        <option key={n} value={String(n)}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </div>
                );
              })}
            </div>
            {incomplete && <p class="form-message form-message--error">{t("ballot.score_incomplete")}</p>}
          </fieldset>
        );
      })}
    </div>
  );
}

export function RankedBallot({ round, draft, setDraft, titleOf, t }) {
  const [said, setSaid] = useState("");
  const focusNext = useRef(null);
  const list = useRef(null);
  // Right after the render that moved it (not after paint: a second key press
  // may come first), the focus goes back to the option that moved.
  useLayoutEffect(() => {
    if (!focusNext.current || !list.current) return;
    const [id, action] = focusNext.current;
    focusNext.current = null;
    const option = `[data-option="${CSS.escape(id)}"]`;
    const target =
      list.current.querySelector(`${option}[data-action="${action}"]:not(:disabled)`) ||
      list.current.querySelector(`${option}:not(:disabled)`);
    if (target) target.focus();
  });
  const ranking = draft.ranking;
  const unranked = round.options.filter((id) => !ranking.includes(id));
  const update = (next, id, action, message) => {
    focusNext.current = [id, action];
    setSaid(message);
    setDraft({ ...draft, ranking: next });
  };
  const move = (index, delta) => {
    const id = ranking[index];
    const next = moveRanked(ranking, index, delta);
    const place = next.indexOf(id) + 1;
    update(next, id, delta < 0 ? "up" : "down", t("ballot.rank_moved", { title: titleOf(id), n: place, total: next.length }));
  };
  return (
    <div class="ballot-options ranked" ref={list}>
      <h5 class="ranked-heading">{t("ballot.rank_yours")}</h5>
      {ranking.length === 0 ? (
        <p class="tree-empty">{t("ballot.rank_empty")}</p>
      ) : (
        <ol class="ranked-list">
          {ranking.map((id, index) => {
            const title = titleOf(id);
            return (
              <li class="ranked-item" key={id}>
                <span class="ranked-place" aria-hidden="true">
                  {index + 1}
                </span>
                <span class="ranked-title">{title}</span>
                <span class="ranked-buttons">
                  <button
                    type="button"
                    class="button button--small"
                    data-option={id}
                    data-action="up"
                    aria-label={t("ballot.rank_up", { title })}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="button button--small"
                    data-option={id}
                    data-action="down"
                    aria-label={t("ballot.rank_down", { title })}
                    disabled={index === ranking.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="button button--small"
                    data-option={id}
                    data-action="remove"
                    aria-label={t("ballot.rank_remove", { title })}
                    onClick={() => {
                      const next = setRanked(ranking, id, false);
                      const neighbour = next[Math.min(index, next.length - 1)] || id;
                      update(next, neighbour, next.length ? "remove" : "add", t("ballot.rank_removed", { title }));
                    }}
                  >
                    {t("ballot.rank_remove_short")}
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {unranked.length > 0 && (
        <>
          <h5 class="ranked-heading">{t("ballot.rank_unranked")}</h5>
          <ul class="ranked-rest">
            {unranked.map((id) => {
              const title = titleOf(id);
              return (
                <li key={id}>
                  <button
                    type="button"
                    class="button button--small ranked-add"
                    data-option={id}
                    data-action="add"
                    onClick={() => {
                      const next = setRanked(ranking, id, true);
                      update(next, id, "up", t("ballot.rank_added", { title, n: next.length }));
                    }}
                  >
                    {t("ballot.rank_add", { title })}
                  </button>
                </li>
              );
            })}
          </ul>
          <p class="field-hint">{t("ballot.rank_unranked_note")}</p>
        </>
      )}
      <p class="visually-hidden" aria-live="polite">
        {said}
      </p>
    </div>
  );
}

/** Consent and fist to five: an answer per option, a reason when objecting, a comment otherwise. */
export function ConsentBallot({ round, draft, setDraft, titleOf, problems, t }) {
  const consent = round.method === METHOD_CONSENT;
  const answers = consent ? CONSENT_RESPONSES : Array.from({ length: FIST_MAX + 1 }, (_, n) => n);
  const setAnswer = (id, value) =>
    setDraft(consent ? { ...draft, consent: { ...draft.consent, [id]: value } } : { ...draft, fist: { ...draft.fist, [id]: value } });
  const fistMeaning = (n) =>
    n <= FIST_OBJECTION_MAX ? t("fist.object") : n === FIST_RESERVATIONS ? t("fist.reservations") : t("fist.support");
  return (
    <div class="ballot-options">
      {round.options.map((id) => {
        const current = consent ? draft.consent[id] : draft.fist[id];
        const objecting = isObjection(round.method, draft, id);
        const missing = problemFor(problems, id, "reason_needed");
        const reasonId = fieldId(round, id, "reason");
        return (
          <fieldset class={`consent-option${missing ? " has-problem" : ""}`} key={id}>
            <legend>{titleOf(id)}</legend>
            <div class={consent ? "consent-answers" : "fist-answers"}>
              {answers.map((value) => (
                <label class={`choice answer answer--${consent ? value : fistMeaningKey(value)}`} key={value}>
                  <input
                    type="radio"
                    name={fieldId(round, id, "answer")}
                    value={String(value)}
                    checked={current === value}
                    onChange={() => setAnswer(id, value)}
                  />
                  <span>
                    {consent ? t(`consent.${value}`) : <strong>{value}</strong>}
                    {!consent && <span class="fist-meaning"> {fistMeaning(value)}</span>}
                  </span>
                </label>
              ))}
            </div>
            {current !== undefined && (
              <div class="field consent-reason">
                <label for={reasonId}>{objecting ? t("ballot.reason_required") : t("ballot.comment_optional")}</label>
                <textarea
                  id={reasonId}
                  rows={2}
                  maxLength={REASON_MAX}
                  aria-required={objecting ? "true" : "false"}
                  aria-invalid={missing ? "true" : "false"}
                  value={(objecting ? draft.reasons : draft.comments)[id] || ""}
                  onInput={(e) => {
                    // An objection's reason and a comment are two texts: switching
                    // the answer shows the other one, never carries one over.
                    const key = objecting ? "reasons" : "comments";
                    setDraft({ ...draft, [key]: { ...draft[key], [id]: e.currentTarget.value } });
                  }}
                />
                {missing && <p class="form-message form-message--error">{t("ballot.reason_missing")}</p>}
              </div>
            )}
          </fieldset>
        );
      })}
      {consent && <p class="field-hint">{t("ballot.consent_note", { object: t(`consent.${CONSENT_OBJECT}`) })}</p>}
    </div>
  );
}

const fistMeaningKey = (n) => (n <= FIST_OBJECTION_MAX ? "object" : n === FIST_RESERVATIONS ? "reservations" : "support");
