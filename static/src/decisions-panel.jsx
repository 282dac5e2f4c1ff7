// «Decisiones», a chunk: the decision record (GET …/decisions), oldest first,
// as the server keeps it: append-only, visible to every member. Each entry
// says how the mesa decided (consensus or majority), what, with which method,
// who took part by sector, the tally in short, when, and the facilitator's note.
// Below it, the mesa's minutes (GET …/minutes): every step of the mesa in
// words, as the Plan de Acción's annex prints them (Spanish, no names), with
// the minuta's lifecycle (minuta-panel.jsx): attendance, amendments to a
// passage, approval, seal and verification link.

import { useState } from "preact/hooks";
import { METHOD_CONSENT, METHOD_FIST } from "./ballot-model.js";
import { formatNumber } from "./chart-model.js";
import { formatMexicoTime, labelOf } from "./i18n.js";
import { LIVE_TOPIC_MINUTA, LIVE_TOPIC_MINUTES } from "./document-schema.js";
import { MinutaPanel } from "./minuta-panel.jsx";
import { useLiveResource } from "./use-live-resource.js";
import { getMinutes } from "./voting-api.js";
import "./room-kit.js";
import "./stage-kit.js";

const CONSENT_KEYS = {
  [METHOD_CONSENT]: ["agree", "can_live_with", "object"],
  [METHOD_FIST]: ["support", "reservations", "object"],
};

/**
 * The tally of a decision's round in one line.
 * @param {Record<string, any>} decision
 * @param {(id: string) => string} titleOf
 * @param {string} lang
 * @param {(key: string, params?: object) => string} t
 * @returns {string}
 */
const tallyLine = (decision, titleOf, lang, t) => {
  const results = decision.results || {};
  const keys = CONSENT_KEYS[decision.method];
  if (keys) {
    const counts = (results.counts || {})[decision.alternative_id] || {};
    const prefix = decision.method === METHOD_FIST ? "fist" : "consent";
    return keys.map((key) => `${t(`${prefix}.${key}`)}: ${counts[key] || 0}`).join(" · ");
  }
  const totals = results.totals || {};
  return Object.keys(totals)
    .sort((a, b) => (totals[b] ?? -Infinity) - (totals[a] ?? -Infinity))
    .map((id) => `«${titleOf(id)}» ${formatNumber(totals[id], lang)}`)
    .join(" · ");
};

/**
 * @param {object} props
 * @param {Array<Record<string, any>>} props.decisions
 * @param {boolean} props.loaded
 * @param {import("./stage.jsx").AlternativesState} props.alternatives
 * @param {Array<{id: string, label: string}>} props.sectors
 * @param {Map<string, string>} props.names
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
const MINUTES_TOPICS = [LIVE_TOPIC_MINUTES, LIVE_TOPIC_MINUTA];

export function DecisionsPanel({ workshopId, me, wsUrl, decisions, loaded, alternatives, sectors, names, lang, t }) {
  const titleOf = alternatives.titleOf;
  return (
    <div class="decisions">
      <p class="stage-intro">{t("decisions.intro")}</p>
      {loaded && decisions.length === 0 && <p class="tree-empty">{t("decisions.none")}</p>}
      <ol class="decision-list">
        {decisions.map((decision) => {
          const participation = decision.participation || {};
          const bySector = Object.entries(participation.by_sector || {});
          return (
            <li class={`decision decision--${decision.kind}`} key={decision.id} data-decision-id={decision.id}>
              <p class="decision-head">
                <span class={`badge decision-kind decision-kind--${decision.kind}`}>{t(`decision.kind_${decision.kind}`)}</span>{" "}
                <strong class="decision-title">{decision.alternative_title || titleOf(decision.alternative_id)}</strong>
              </p>
              <dl class="decision-facts">
                <div>
                  <dt>{t("decisions.method")}</dt>
                  <dd>{t(`method.${decision.method}`)}</dd>
                </div>
                <div>
                  <dt>{t("decisions.when")}</dt>
                  <dd>
                    <time dateTime={decision.decided_at}>{formatMexicoTime(decision.decided_at, lang)}</time>
                    {decision.decided_by && names.get(decision.decided_by) ? ` · ${names.get(decision.decided_by)}` : ""}
                  </dd>
                </div>
                <div>
                  <dt>{t("decisions.participation")}</dt>
                  <dd>
                    {t("results.participation_total", { voted: participation.voted || 0, eligible: participation.eligible || 0 })}
                    {bySector.length > 0 && (
                      <ul class="decision-sectors">
                        {bySector.map(([sector, n]) => (
                          <li key={sector}>
                            {labelOf(sectors, sector)}: {t("results.of", { voted: n.voted, eligible: n.eligible })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t("decisions.tally")}</dt>
                  <dd>{tallyLine(decision, titleOf, lang, t)}</dd>
                </div>
                {decision.note && (
                  <div>
                    <dt>{t("decisions.note")}</dt>
                    <dd class="decision-note">{decision.note}</dd>
                  </div>
                )}
              </dl>
            </li>
          );
        })}
      </ol>
      <Minutes workshopId={workshopId} me={me} wsUrl={wsUrl} count={decisions.length} lang={lang} t={t} />
    </div>
  );
}

function Minutes({ workshopId, me, wsUrl, count, lang, t }) {
  const [passage, setPassage] = useState("");
  const minutes = useLiveResource(() => getMinutes(workshopId, { networkMessage: t("error.network") }), {
    key: `${workshopId}/${count}`,
    workshopId,
    topics: MINUTES_TOPICS,
  });
  const entries = (minutes.data && minutes.data.minutes) || [];
  const canAmend = Boolean(minutes.data && minutes.data.me && minutes.data.me.can_amend);
  return (
    <section class="minutes" aria-labelledby="minutes-title">
      <h3 id="minutes-title">{t("minutes.title")}</h3>
      <p class="field-hint">{t("minutes.hint")}</p>
      {minutes.error && !minutes.loaded && (
        <p class="form-message form-message--error" role="alert">
          {minutes.error}
        </p>
      )}
      {minutes.data && me && (
        <MinutaPanel
          workshopId={workshopId}
          me={me}
          data={minutes.data}
          wsUrl={wsUrl}
          passage={passage}
          onPassage={setPassage}
          refresh={minutes.refresh}
          lang={lang}
          t={t}
        />
      )}
      {/* With a live connection the draft (its passages, live) is in the panel; this is the projector's. */}
      {!(minutes.data && me && wsUrl) && (
        <ol class="minutes-list" lang="es-MX">
          {entries.map((entry, index) => (
            <li key={index}>
              <time dateTime={entry.at}>{formatMexicoTime(entry.at, lang)}</time> {entry.text}
              {canAmend && (
                <>
                  {" "}
                  <button
                    type="button"
                    class="button button--small button--link minuta-amend"
                    aria-label={t("minuta.amend_passage", { passage: entry.text.slice(0, 80) })}
                    onClick={() => setPassage(entry.text)}
                  >
                    {t("minuta.amend")}
                  </button>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
