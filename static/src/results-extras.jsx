// What each method adds to its results (docs/voting.md): ranked rounds, the
// Borda totals and the Schulze ranking in tiers (the config's rule decides);
// consent and fist to five, the objections' reasons and the comments, and
// the fingers shown; score rounds, the mean of each criterion; public
// rounds, every ballot with its voter.

import { ballotLines } from "./ballot-text.js";
import { METHOD_CONSENT, METHOD_FIST, METHOD_RANKED, METHOD_SCORE } from "./ballot-model.js";
import { formatNumber } from "./chart-model.js";
import { labelOf } from "./i18n.js";

/**
 * @param {object} props
 * @param {string} props.method
 * @param {Record<string, any>} props.results
 * @param {(id: string) => string} props.titleOf
 * @param {Map<string, string>} props.names
 * @param {Array<{id: string, label: string}>} props.sectors
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function MethodExtras({ method, results, titleOf, names, sectors, lang, t }) {
  return (
    <>
      {method === METHOD_RANKED && <Rankings results={results} titleOf={titleOf} t={t} />}
      {(method === METHOD_CONSENT || method === METHOD_FIST) && <Reasons results={results} titleOf={titleOf} t={t} />}
      {method === METHOD_FIST && <Fingers results={results} titleOf={titleOf} t={t} />}
      {method === METHOD_SCORE && <Criteria results={results} titleOf={titleOf} lang={lang} t={t} />}
      {Array.isArray(results.ballots) && (
        <PublicBallots method={method} results={results} titleOf={titleOf} names={names} sectors={sectors} t={t} />
      )}
    </>
  );
}

function Tiers({ tiers, titleOf, t }) {
  return (
    <ol class="tiers">
      {(tiers || []).map((tier, index) => (
        <li key={index}>
          {tier.map((id) => `«${titleOf(id)}»`).join(` ${t("results.tied_with")} `)}
        </li>
      ))}
    </ol>
  );
}

function Rankings({ results, titleOf, t }) {
  const rule = results.rule === "borda" ? "borda" : "schulze";
  return (
    <div class="rankings">
      <div class={`ranking ranking--${rule === "schulze" ? "decides" : "other"}`}>
        <h5>{t("results.schulze_title")}</h5>
        <Tiers tiers={results.schulze_ranking} titleOf={titleOf} t={t} />
      </div>
      <div class={`ranking ranking--${rule === "borda" ? "decides" : "other"}`}>
        <h5>{t("results.borda_title")}</h5>
        <Tiers tiers={results.borda_ranking} titleOf={titleOf} t={t} />
      </div>
      <p class="field-hint">{t(`results.decides_${rule}`)}</p>
    </div>
  );
}

function Reasons({ results, titleOf, t }) {
  const options = results.options || [];
  const objections = results.objections || {};
  const comments = results.comments || {};
  const any = options.some((id) => (objections[id] || []).length || (comments[id] || []).length);
  if (!any) return <p class="field-hint">{t("results.no_objections")}</p>;
  return (
    <div class="reasons">
      {options.map((id) => {
        const against = objections[id] || [];
        const notes = comments[id] || [];
        if (!against.length && !notes.length) return null;
        return (
          <div class="reasons-option" key={id}>
            <h5>{titleOf(id)}</h5>
            {against.length > 0 && (
              <>
                <p class="reasons-label reasons-label--object">{t("results.objections", { n: against.length })}</p>
                <ul class="reason-list reason-list--object">
                  {against.map((text, index) => (
                    <li key={index}>{text}</li>
                  ))}
                </ul>
              </>
            )}
            {notes.length > 0 && (
              <>
                <p class="reasons-label">{t("results.comments", { n: notes.length })}</p>
                <ul class="reason-list">
                  {notes.map((text, index) => (
                    <li key={index}>{text}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        );
      })}
      <p class="field-hint">{t("results.reasons_sorted")}</p>
    </div>
  );
}

function Fingers({ results, titleOf, t }) {
  const fingers = results.fingers || {};
  const columns = ["0", "1", "2", "3", "4", "5"];
  return (
    <details class="chart-table">
      <summary>{t("results.fingers_title")}</summary>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("chart.alternative")}</th>
              {columns.map((n) => (
                <th scope="col" key={n}>
                  {t("fist.n", { n })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(results.options || []).map((id) => (
              <tr key={id}>
                <th scope="row">{titleOf(id)}</th>
                {columns.map((n) => (
                  <td key={n}>{(fingers[id] || {})[n] || 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Criteria({ results, titleOf, lang, t }) {
  const criteria = results.criteria || [];
  const byCriterion = results.by_criterion || {};
  const scoredBy = results.scored_by || {};
  return (
    <details class="chart-table" open>
      <summary>{t("results.criteria_title")}</summary>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("chart.alternative")}</th>
              {criteria.map((c) => (
                <th scope="col" key={c.id}>
                  {c.label}
                  {c.weight !== 1 && ` (×${formatNumber(c.weight, lang)})`}
                </th>
              ))}
              <th scope="col">{t("results.scored_by")}</th>
            </tr>
          </thead>
          <tbody>
            {(results.options || []).map((id) => (
              <tr key={id}>
                <th scope="row">{titleOf(id)}</th>
                {criteria.map((c) => (
                  <td key={c.id}>{formatNumber((byCriterion[id] || {})[c.id], lang)}</td>
                ))}
                <td>{scoredBy[id] || 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function PublicBallots({ method, results, titleOf, names, sectors, t }) {
  const round = { method, options: results.options || [], config: {} };
  return (
    <details class="public-ballots">
      <summary>{t("results.public_ballots", { n: results.ballots.length })}</summary>
      <ul>
        {results.ballots.map((ballot) => {
          const lines = ballotLines(round, ballot, titleOf, t);
          return (
            <li key={ballot.voter_id}>
              <strong>{names.get(ballot.voter_id) || t("alternatives.someone")}</strong> ({labelOf(sectors, ballot.sector)}):{" "}
              {lines.length ? lines.join("; ") : t("ballot.abstention")}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
