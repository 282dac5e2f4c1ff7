// The projector's view of the round on show (room in «Modo proyector» or
// `?proyector=1`): while it is open, its question, its options and how many
// have voted, by sector; once closed (or for live rounds), the results
// charts. No ballot and no tools: it is meant for the wall.

import { ParticipationChart, Results } from "./results-view.jsx";
import { ROUND_OPEN } from "./round-model.js";

/**
 * @param {object} props
 * @param {Record<string, any>|null} props.round
 * @param {(id: string) => string} props.titleOf
 * @param {Array<{id: string, label: string}>} props.sectors
 * @param {Map<string, string>} props.names
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function ProjectorRound({ round, titleOf, sectors, names, lang, t }) {
  if (!round) return <p class="projector-empty">{t("voting.none")}</p>;
  const open = round.status === ROUND_OPEN;
  return (
    <section class="projector-round" data-round-id={round.id} aria-labelledby="projector-question">
      <p class="projector-kicker">
        {t(`round.status_${round.status}`)} · {t(`method.${round.method}`)}
      </p>
      <h3 id="projector-question" class="projector-question">
        {round.question || t("voting.default_question")}
      </h3>
      {open && (
        <>
          <ol class="projector-options">
            {round.options.map((id) => (
              <li key={id}>{titleOf(id)}</li>
            ))}
          </ol>
          <ParticipationChart participation={round.participation} sectors={sectors} lang={lang} t={t} live bar />
        </>
      )}
      {round.results && (
        <Results
          round={round}
          results={round.results}
          titleOf={titleOf}
          sectors={sectors}
          names={names}
          lang={lang}
          t={t}
          projector
        />
      )}
      {open && !round.results && <p class="projector-note">{t("voting.hidden_until_close")}</p>}
    </section>
  );
}
