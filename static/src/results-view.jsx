// A round's results as charts (chart-model.js, bar-chart.jsx): the outcome
// (winner, or the tie and the server's tie rule), the totals of its method,
// the breakdown by sector (or why it is withheld), participation by sector
// and the quorum; then what the method adds (results-extras.jsx). Live
// rounds say their results are partial.

import { BarChart } from "./bar-chart.jsx";
import { METHOD_CONSENT, METHOD_FIST } from "./ballot-model.js";
import {
  ADDITIVE_METHODS,
  barPercent,
  barRows,
  formatNumber,
  participationRows,
  stackedRows,
  totalsScale,
  transpose,
} from "./chart-model.js";
import { OUTCOME_DECIDED, OUTCOME_TIE } from "./decision-model.js";
import { labelOf } from "./i18n.js";
import { MethodExtras } from "./results-extras.jsx";

const CONSENT_KEYS = {
  [METHOD_CONSENT]: ["agree", "can_live_with", "object"],
  [METHOD_FIST]: ["support", "reservations", "object"],
};

const quote = (text) => `«${text}»`;

/** More options than this: the projector's results take the whole width. */
const WIDE_FROM = 4;

/**
 * @param {object} props
 * @param {Record<string, any>} props.round
 * @param {Record<string, any>} props.results
 * @param {(id: string) => string} props.titleOf
 * @param {Array<{id: string, label: string}>} props.sectors
 * @param {Map<string, string>} props.names
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} [props.projector] the outcome and its totals apart from the rest (sector, participation,
 *   quorum), for a side-by-side layout on the wall
 */
export function Results({ round, results, titleOf, sectors, names, lang, t, projector = false }) {
  const method = results.method || round.method;
  const main = (
    <>
      <Outcome results={results} titleOf={titleOf} t={t} />
      <TotalsChart method={method} results={results} titleOf={titleOf} lang={lang} t={t} />
      <MethodExtras method={method} results={results} titleOf={titleOf} names={names} sectors={sectors} lang={lang} t={t} />
    </>
  );
  const more = (
    <>
      <SectorChart method={method} results={results} titleOf={titleOf} sectors={sectors} lang={lang} t={t} />
      <ParticipationChart participation={results.participation} sectors={sectors} lang={lang} t={t} />
      <Quorum quorum={results.quorum} participation={results.participation} sectors={sectors} t={t} />
    </>
  );
  // On the wall, many options take the whole width (legible labels and bars),
  // the rest a compact band under them; a few sit beside the rest.
  const count = (results.options || Object.keys(results.totals || {})).length;
  const wide = projector && count > WIDE_FROM;
  return (
    <section class={`results${wide ? " results--wide" : ""}`} aria-labelledby={`results-${round.id}`}>
      <h4 id={`results-${round.id}`} class="results-title">
        {results.final ? t("results.title") : t("results.title_live")}
      </h4>
      {projector ? <div class="results-main">{main}</div> : main}
      {projector ? <div class="results-more">{more}</div> : more}
    </section>
  );
}

function Outcome({ results, titleOf, t }) {
  const outcome = results.outcome;
  let text = t(`outcome.${outcome}`);
  if (outcome === OUTCOME_DECIDED && results.winner) text = t("outcome.winner", { title: titleOf(results.winner) });
  if (outcome === OUTCOME_TIE && Array.isArray(results.tie))
    text = t("outcome.tie_between", { titles: results.tie.map((id) => quote(titleOf(id))).join(", ") });
  return (
    <div class={`outcome outcome--${outcome}`}>
      <p class="outcome-line" role="status">
        {results.final ? text : t("results.partial", { text })}
      </p>
      {outcome === OUTCOME_TIE && <p class="outcome-tie">{t("outcome.tie_next")}</p>}
      {results.tie_rule && (
        <p class="outcome-rule">
          <span class="alternative-label">{t("results.rule")}</span> {results.tie_rule}
        </p>
      )}
    </div>
  );
}

const sortByValue = (rows) => [...rows].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));

function TotalsChart({ method, results, titleOf, lang, t }) {
  const options = results.options || Object.keys(results.totals || {});
  const winners = new Set([results.winner, ...(results.tie || [])].filter(Boolean));
  const tableLabel = t("chart.table");
  if (method === METHOD_CONSENT || method === METHOD_FIST) {
    const keys = CONSENT_KEYS[method];
    const { rows } = stackedRows(options, keys, transpose(results.counts), totalsScale(method, results).max);
    const label = (key) => t(`${method === METHOD_FIST ? "fist" : "consent"}.${key}`);
    const consensus = results.consensus || {};
    return (
      <BarChart
        className="chart--totals"
        caption={t("results.caption_consent")}
        legend={keys.map((key) => ({ key, label: label(key) }))}
        rows={rows.map((row) => ({
          id: row.id,
          label: `${titleOf(row.id)} — ${consensus[row.id] ? t("results.consensus_yes") : t("results.consensus_no")}`,
          value: t("results.responses", { n: row.total }),
          highlight: winners.has(row.id),
          segments: row.segments.map((s) => ({ ...s, label: label(s.key), text: String(s.value) })),
        }))}
        summary={options
          .map((id) => `${titleOf(id)}: ${keys.map((k) => `${label(k)} ${(results.counts[id] || {})[k] || 0}`).join(", ")}`)
          .join("; ")}
        headers={[t("chart.alternative"), ...keys.map(label)]}
        table={options.map((id) => [titleOf(id), ...keys.map((k) => String((results.counts[id] || {})[k] || 0))])}
        tableLabel={tableLabel}
      />
    );
  }
  const scale = totalsScale(method, results);
  const rows = sortByValue(barRows(options, results.totals || {}, scale));
  const caption = t(`results.caption_${method}`, scale);
  const show = (value) => (value === null ? t("results.not_scored") : formatNumber(value, lang));
  return (
    <BarChart
      className="chart--totals"
      caption={caption}
      rows={rows.map((row) => ({ ...row, label: titleOf(row.id), value: show(row.value), highlight: winners.has(row.id) }))}
      summary={`${caption}: ${rows.map((row) => `${titleOf(row.id)} ${show(row.value)}`).join(", ")}`}
      headers={[t("chart.alternative"), t(`results.column_${method}`)]}
      table={rows.map((row) => [titleOf(row.id), show(row.value)])}
      tableLabel={tableLabel}
    />
  );
}

function SectorChart({ method, results, titleOf, sectors, lang, t }) {
  if (results.by_sector_withheld) {
    return <p class="notice notice--readonly results-withheld">{t("results.by_sector_withheld")}</p>;
  }
  const bySector = results.by_sector || {};
  const keys = Object.keys((results.participation && results.participation.by_sector) || {}).filter((s) => s in bySector);
  for (const sector of Object.keys(bySector)) if (!keys.includes(sector)) keys.push(sector);
  if (keys.length === 0) return null;
  const options = results.options || Object.keys(results.totals || {});
  const sectorLabel = (id) => labelOf(sectors, id);
  const caption = t("results.caption_by_sector");
  const headers = [t("chart.alternative"), ...keys.map(sectorLabel)];
  const table = options.map((id) => [titleOf(id), ...keys.map((s) => formatNumber(bySector[s][id], lang))]);
  const summary = options
    .map((id) => `${titleOf(id)}: ${keys.map((s) => `${sectorLabel(s)} ${formatNumber(bySector[s][id], lang)}`).join(", ")}`)
    .join("; ");
  const legend = keys.map((key) => ({ key, label: sectorLabel(key) }));
  if (!ADDITIVE_METHODS.includes(method)) {
    const scale = totalsScale(method, results);
    return (
      <BarChart
        caption={caption}
        legend={legend}
        rows={options.map((id) => ({
          id,
          label: titleOf(id),
          value: "",
          bars: keys.map((s) => ({
            key: s,
            label: sectorLabel(s),
            value: formatNumber(bySector[s][id], lang),
            percent: barPercent(bySector[s][id], scale),
          })),
        }))}
        summary={`${caption}: ${summary}`}
        headers={headers}
        table={table}
        tableLabel={t("chart.table")}
      />
    );
  }
  const { rows } = stackedRows(options, keys, bySector);
  return (
    <BarChart
      caption={caption}
      legend={legend}
      rows={rows.map((row) => ({
        id: row.id,
        label: titleOf(row.id),
        value: formatNumber(row.total, lang),
        segments: row.segments.map((s) => ({ ...s, label: sectorLabel(s.key), text: formatNumber(s.value, lang) })),
      }))}
      summary={`${caption}: ${summary}`}
      headers={headers}
      table={table}
      tableLabel={t("chart.table")}
    />
  );
}

/**
 * Who voted out of who could, in all and by sector.
 * @param {object} props
 * @param {{eligible: number, voted: number, by_sector: Record<string, {eligible: number, voted: number}>}} props.participation
 * @param {Array<{id: string, label: string}>} props.sectors
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} [props.live] the round is open (numbers change)
 * @param {boolean} [props.bar] also one bar of how many have voted of how many may (the projector)
 */
export function ParticipationChart({ participation, sectors, lang, t, live = false, bar = false }) {
  if (!participation) return null;
  const rows = participationRows(participation);
  const total = t("results.participation_total", { voted: participation.voted, eligible: participation.eligible });
  const sectorLabel = (id) => labelOf(sectors, id);
  return (
    <div class="participation">
      <p class="participation-total" aria-live={live ? "polite" : "off"}>
        {total}
      </p>
      {bar && <ParticipationBar voted={participation.voted} eligible={participation.eligible} label={total} />}
      {rows.length > 0 && (
        <BarChart
          className="chart--participation"
          caption={t("results.caption_participation")}
          rows={rows.map((row) => ({
            id: row.sector,
            label: sectorLabel(row.sector),
            value: t("results.of", { voted: row.voted, eligible: row.eligible }),
            percent: row.percent,
          }))}
          summary={rows.map((row) => `${sectorLabel(row.sector)} ${row.voted}/${row.eligible}`).join(", ")}
          headers={[t("chart.sector"), t("chart.voted"), t("chart.eligible")]}
          table={rows.map((row) => [sectorLabel(row.sector), formatNumber(row.voted, lang), formatNumber(row.eligible, lang)])}
          tableLabel={t("chart.table")}
        />
      )}
    </div>
  );
}

/** How many have voted of how many may, as one bar (the projector's view of an open round). */
function ParticipationBar({ voted, eligible, label }) {
  const percent = eligible > 0 ? Math.min(100, Math.round((voted / eligible) * 100)) : 0;
  return (
    <span
      class="participation-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={eligible}
      aria-valuenow={voted}
    >
      <span class="participation-bar__fill" style={{ width: `${percent}%` }} />
    </span>
  );
}

function Quorum({ quorum, participation, sectors, t }) {
  if (!quorum) return null;
  if (!quorum.required && !quorum.every_sector) return <p class="quorum quorum--none">{t("results.quorum_none")}</p>;
  const parts = [];
  if (quorum.required) parts.push(t("results.quorum_required", { n: quorum.required, voted: participation.voted }));
  if (quorum.every_sector) parts.push(t("results.quorum_every_sector"));
  const missing = (quorum.missing_sectors || []).map((s) => labelOf(sectors, s));
  return (
    <p class={`quorum quorum--${quorum.met ? "met" : "missed"}`}>
      <strong>{quorum.met ? t("results.quorum_met") : t("results.quorum_missed")}</strong> {parts.join(" ")}
      {missing.length > 0 && ` ${t("results.quorum_missing", { sectors: missing.join(", ") })}`}
    </p>
  );
}
