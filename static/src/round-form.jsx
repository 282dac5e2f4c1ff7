// «Abrir una votación», the facilitator's form (a chunk): method and its
// settings (dots budget and limit; score criteria, weights and scale with the
// server's defaults; ranked rule), the alternatives offered, the question,
// when results show, secrecy (a secret round cannot be live: the form says
// so before the server does), quorum and the every-sector rule.

import { useState } from "preact/hooks";
import { METHODS, METHOD_DOTS, METHOD_RANKED, METHOD_SCORE } from "./ballot-model.js";
import {
  CRITERIA_MAX,
  DOTS_BUDGET_MAX,
  QUESTION_MAX,
  RANKED_RULES,
  SECRECY_PUBLIC,
  SECRECY_SECRET,
  VISIBILITY_HIDDEN,
  VISIBILITY_LIVE,
  buildRoundRequest,
  defaultRoundForm,
  fewestOptions,
  roundFormProblems,
  votableAlternatives,
} from "./round-model.js";
import { openRound } from "./voting-api.js";
import "./room-kit.js";
import "./stage-kit.js";

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {import("./stage.jsx").AlternativesState} props.alternatives
 * @param {(key: string, params?: object) => string} props.t
 * @param {() => void} props.onCancel
 * @param {(round: Record<string, any>) => void} props.onOpened
 */
export function RoundForm({ workshopId, alternatives, t, onCancel, onOpened }) {
  const votable = votableAlternatives(alternatives.list);
  const [form, setForm] = useState(() => defaultRoundForm(votable.map((a) => a.id), (id) => t(`criterion.${id}`)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const problems = roundFormProblems(form);
  const set = (patch) => setForm((current) => ({ ...current, ...patch }));
  const toggleOption = (id, on) =>
    set({ options: votable.map((a) => a.id).filter((x) => (x === id ? on : form.options.includes(x))) });

  const submit = async (event) => {
    event.preventDefault();
    if (problems.length > 0) return;
    setBusy(true);
    setError("");
    try {
      onOpened(await openRound(workshopId, buildRoundRequest(form), { networkMessage: t("error.network") }));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="round-form" onSubmit={submit} aria-labelledby="round-form-title">
      <h3 id="round-form-title">{t("round_form.title")}</h3>
      <div class="field">
        <label for="round-method">{t("round_form.method")}</label>
        <select id="round-method" value={form.method} onChange={(e) => set({ method: e.currentTarget.value })}>
          {METHODS.map((method) => (
            <option key={method} value={method}>
              {t(`method.${method}`)}
            </option>
          ))}
        </select>
        <p class="field-hint">{t(`method_help.${form.method}`)}</p>
      </div>
      {form.method === METHOD_DOTS && <DotsSettings form={form} set={set} t={t} />}
      {form.method === METHOD_SCORE && <ScoreSettings form={form} set={set} t={t} />}
      {form.method === METHOD_RANKED && (
        <fieldset class="field">
          <legend>{t("round_form.rule")}</legend>
          {RANKED_RULES.map((rule) => (
            <label class="choice" key={rule}>
              <input type="radio" name="round-rule" checked={form.rule === rule} onChange={() => set({ rule })} />
              <span>{t(`rule.${rule}`)}</span>
            </label>
          ))}
        </fieldset>
      )}
      <fieldset class="field">
        <legend>{t("round_form.options", { n: fewestOptions(form.method) })}</legend>
        {votable.length === 0 && <p class="tree-empty">{t("round_form.no_alternatives")}</p>}
        <div class="choices">
          {votable.map((a) => (
            <label class="choice" key={a.id}>
              <input type="checkbox" checked={form.options.includes(a.id)} onChange={(e) => toggleOption(a.id, e.currentTarget.checked)} />
              <span>{a.title}</span>
            </label>
          ))}
        </div>
        {problems.includes("too_few_options") && <Problem text={t("round_form.problem_too_few_options", { n: fewestOptions(form.method) })} />}
      </fieldset>
      <div class="field">
        <label for="round-question">
          {t("round_form.question")} <span class="optional">{t("common.optional")}</span>
        </label>
        <input
          id="round-question"
          type="text"
          maxLength={QUESTION_MAX}
          value={form.question}
          placeholder={t("voting.default_question")}
          onInput={(e) => set({ question: e.currentTarget.value })}
        />
      </div>
      <fieldset class="field">
        <legend>{t("round_form.visibility")}</legend>
        {[VISIBILITY_HIDDEN, VISIBILITY_LIVE].map((value) => (
          <label class="choice" key={value}>
            <input type="radio" name="round-visibility" checked={form.visibility === value} onChange={() => set({ visibility: value })} />
            <span>{t(`visibility.${value}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset class="field">
        <legend>{t("round_form.secrecy")}</legend>
        {[SECRECY_SECRET, SECRECY_PUBLIC].map((value) => (
          <label class="choice" key={value}>
            <input type="radio" name="round-secrecy" checked={form.secrecy === value} onChange={() => set({ secrecy: value })} />
            <span>
              {t(`secrecy.${value}`)} <span class="field-hint">{t(`secrecy_help.${value}`)}</span>
            </span>
          </label>
        ))}
        <p class="field-hint">{t("round_form.secret_live_rule")}</p>
        {problems.includes("secret_live") && <Problem text={t("round_form.problem_secret_live")} />}
      </fieldset>
      <div class="field">
        <label for="round-quorum">
          {t("round_form.quorum")} <span class="optional">{t("common.optional")}</span>
        </label>
        <input
          id="round-quorum"
          type="number"
          inputMode="numeric"
          min="1"
          class="input-number"
          value={form.quorum}
          onInput={(e) => set({ quorum: e.currentTarget.value })}
        />
        <p class="field-hint">{t("round_form.quorum_hint")}</p>
        {problems.includes("quorum") && <Problem text={t("round_form.problem_quorum")} />}
      </div>
      <label class="choice">
        <input type="checkbox" checked={form.everySector} onChange={(e) => set({ everySector: e.currentTarget.checked })} />
        <span>{t("round_form.every_sector")}</span>
      </label>
      <div class="form-actions">
        <button type="submit" class="button button--primary" disabled={busy || problems.length > 0}>
          {t("round_form.open")}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
    </form>
  );
}

function Problem({ text }) {
  return <p class="form-message form-message--error">{text}</p>;
}

function DotsSettings({ form, set, t }) {
  const problems = roundFormProblems(form);
  return (
    <div class="settings-row">
      <div class="field">
        <label for="round-budget">{t("round_form.budget")}</label>
        <input
          id="round-budget"
          type="number"
          min="1"
          max={DOTS_BUDGET_MAX}
          class="input-number"
          value={form.budget}
          onInput={(e) => set({ budget: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for="round-max">{t("round_form.max_per_option")}</label>
        <input
          id="round-max"
          type="number"
          min="1"
          class="input-number"
          value={form.maxPerOption}
          placeholder={form.budget}
          onInput={(e) => set({ maxPerOption: e.currentTarget.value })}
        />
      </div>
      {problems.includes("budget") && <Problem text={t("round_form.problem_budget", { max: DOTS_BUDGET_MAX })} />}
      {problems.includes("max_per_option") && <Problem text={t("round_form.problem_max_per_option")} />}
    </div>
  );
}

function ScoreSettings({ form, set, t }) {
  const problems = roundFormProblems(form);
  const update = (index, patch) => set({ criteria: form.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)) });
  return (
    <fieldset class="field score-settings">
      <legend>{t("round_form.criteria")}</legend>
      <p class="field-hint">{t("round_form.criteria_hint")}</p>
      <ul class="criteria-list">
        {form.criteria.map((criterion, index) => (
          <li class="criterion-row" key={index}>
            <input
              type="text"
              aria-label={t("round_form.criterion_label", { n: index + 1 })}
              value={criterion.label}
              maxLength={120}
              onInput={(e) => update(index, { label: e.currentTarget.value })}
            />
            <input
              type="number"
              class="input-number"
              min="0.1"
              step="any"
              aria-label={t("round_form.criterion_weight", { n: index + 1 })}
              value={criterion.weight}
              onInput={(e) => update(index, { weight: e.currentTarget.value })}
            />
            <button
              type="button"
              class="button button--small"
              aria-label={t("round_form.criterion_remove", { n: index + 1 })}
              onClick={() => set({ criteria: form.criteria.filter((_, i) => i !== index) })}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {form.criteria.length < CRITERIA_MAX && (
        <button
          type="button"
          class="button button--small button--add"
          onClick={() => set({ criteria: [...form.criteria, { id: "", label: "", weight: "1" }] })}
        >
          {t("round_form.criterion_add")}
        </button>
      )}
      <div class="settings-row">
        <div class="field">
          <label for="round-scale-min">{t("round_form.scale_min")}</label>
          <input id="round-scale-min" type="number" class="input-number" value={form.scaleMin} onInput={(e) => set({ scaleMin: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="round-scale-max">{t("round_form.scale_max")}</label>
          <input id="round-scale-max" type="number" class="input-number" value={form.scaleMax} onInput={(e) => set({ scaleMax: e.currentTarget.value })} />
        </div>
      </div>
      {problems.includes("scale") && <Problem text={t("round_form.problem_scale")} />}
      {problems.includes("criteria") && <Problem text={t("round_form.problem_criteria", { max: CRITERIA_MAX })} />}
      {problems.includes("weight") && <Problem text={t("round_form.problem_weight")} />}
    </fieldset>
  );
}
