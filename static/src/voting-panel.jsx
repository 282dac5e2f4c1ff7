// «Votación», a chunk: the round on show (the open one, else the latest, or
// an earlier one picked from the list) with its settings, participation by
// sector, my ballot (participants) or «voz, pero sin voto» (facilitator and
// observers), the results when the server includes them, and the
// facilitator's tools: open a round (round-form.jsx, its own chunk), close
// it (after a confirmation), record the decision. In projector mode, the
// projector's view of the round instead (projector-round.jsx).

import { useState } from "preact/hooks";
import { BallotForm, BallotSummary, NOTHING_UNSENT, closedUnsentMessage } from "./ballot-form.jsx";
import { DecisionForm } from "./decision-form.jsx";
import { useConfirm } from "./confirm-dialog.jsx";
import { formatMexicoTime } from "./i18n.js";
import { useLazyModule } from "./lazy-module.js";
import { ProjectorRound } from "./projector-round.jsx";
import { ParticipationChart, Results } from "./results-view.jsx";
import { ROUND_OPEN, SECRECY_SECRET, VISIBILITY_LIVE } from "./round-model.js";
import { VOTING_PHASES } from "./stage-model.js";
import { closeRound } from "./voting-api.js";
import "./room-kit.js";
import "./stage-kit.js";

const loadRoundForm = () => import("./round-form.jsx");

/**
 * @param {object} props see stage.jsx
 */
export function VotingPanel(props) {
  const { workshopId, phase, me, sectors, names, alternatives, projector, lang, t } = props;
  const { rounds, roundsLoaded, round, roundError, onRoundChanged, refreshRound, onChooseRound } = props;
  const { decisions, refreshDecisions } = props;
  const isFacilitator = me.role === "facilitator";
  const titleOf = alternatives.titleOf;
  const anyOpen = rounds.some((r) => r.status === ROUND_OPEN);
  const [opening, setOpening] = useState(false);
  const roundForm = useLazyModule("round-form", loadRoundForm, isFacilitator && opening);
  const RoundForm = roundForm.module && roundForm.module.RoundForm;

  if (projector) {
    return <ProjectorRound round={round} titleOf={titleOf} sectors={sectors} names={names} lang={lang} t={t} />;
  }

  const canOpen = isFacilitator && VOTING_PHASES.includes(phase) && !anyOpen;
  return (
    <div class="voting">
      {canOpen && !opening && (
        <p>
          <button type="button" class="button button--primary" onClick={() => setOpening(true)}>
            {t("round_form.start")}
          </button>
        </p>
      )}
      {isFacilitator && opening && !anyOpen && (
        <div class="card round-form-card">
          {RoundForm ? (
            <RoundForm
              workshopId={workshopId}
              alternatives={alternatives}
              t={t}
              onCancel={() => setOpening(false)}
              onOpened={(data) => {
                setOpening(false);
                onRoundChanged(data);
              }}
            />
          ) : (
            <p class="tree-loading" role="status">
              {roundForm.failed ? t("tree.view_load_failed") : t("tree.view_loading")}
            </p>
          )}
        </div>
      )}
      {roundsLoaded && rounds.length === 0 && !opening && <p class="tree-empty">{t("voting.none")}</p>}
      {roundError && !round && (
        <p class="form-message form-message--error" role="alert">
          {roundError}
        </p>
      )}
      {round && (
        <RoundView
          key={round.id}
          round={round}
          workshopId={workshopId}
          me={me}
          sectors={sectors}
          names={names}
          titleOf={titleOf}
          lang={lang}
          t={t}
          decisions={decisions}
          onRoundChanged={onRoundChanged}
          refreshRound={refreshRound}
          onDecided={() => {
            refreshDecisions();
            alternatives.refresh();
          }}
        />
      )}
      {rounds.length > 1 && <RoundList rounds={rounds} shownId={round && round.id} onChoose={onChooseRound} t={t} lang={lang} />}
    </div>
  );
}

function RoundView({ round, workshopId, me, sectors, names, titleOf, lang, t, decisions, onRoundChanged, refreshRound, onDecided }) {
  const open = round.status === ROUND_OPEN;
  const isFacilitator = me.role === "facilitator";
  // A round restricted to some (the minuta's approval: its attendees).
  const mayVote = !round.restricted_to || round.restricted_to.includes(me.participant_id);
  const participation = round.participation || (round.results && round.results.participation) || null;
  // Kept here, not in the ballot form: a pushed close takes the form away,
  // and what the person had not got recorded must still be said.
  const [unsent, setUnsent] = useState(NOTHING_UNSENT);
  // Called on every edit of the draft: a re-render only when something changed.
  const onUnsent = (change) =>
    setUnsent((previous) =>
      Object.keys(change).every((key) => previous[key] === change[key]) ? previous : { ...previous, ...change },
    );
  const lost = open ? "" : closedUnsentMessage(unsent, Boolean(round.my_ballot), t);
  const settings = [
    t(`visibility.${round.visibility}`),
    t(`secrecy.${round.secrecy}`),
    round.quorum ? t("voting.quorum_n", { n: round.quorum }) : t("voting.no_quorum_rule"),
    round.require_every_sector ? t("voting.every_sector_rule") : "",
  ].filter(Boolean);

  return (
    <article class={`round round--${round.status}`} data-round-id={round.id} aria-labelledby={`round-${round.id}-title`}>
      <header class="round-head">
        <p class="round-kicker">
          <span class={`badge round-status round-status--${round.status}`}>{t(`round.status_${round.status}`)}</span>{" "}
          {t(`method.${round.method}`)}
        </p>
        <h3 id={`round-${round.id}-title`} class="round-question">
          {round.question || t("voting.default_question")}
        </h3>
        <p class="round-settings">{settings.join(" · ")}</p>
      </header>
      <p class="round-method-help">{t(`method_help.${round.method}`)}</p>
      {participation && !round.results && (
        <ParticipationChart participation={participation} sectors={sectors} t={t} lang={lang} live={open} />
      )}
      {open && me.role === "participant" && !mayVote && (
        <p class="notice minuta-not-attendee" role="note">
          {t("minuta.not_attendee")}
        </p>
      )}
      {open && me.role === "participant" && mayVote && (
        <BallotForm
          round={round}
          workshopId={workshopId}
          titleOf={titleOf}
          t={t}
          onCast={refreshRound}
          onUnsent={onUnsent}
        />
      )}
      {lost && (
        <p class="form-message form-message--error" role="alert">
          {lost}
        </p>
      )}
      {/* Once closed, what counts of mine: the ballot the server recorded. */}
      {!open && round.my_ballot && <BallotSummary round={round} ballot={round.my_ballot} titleOf={titleOf} t={t} />}
      {open && me.role !== "participant" && (
        <div class="notice voice-no-vote" role="note">
          <p>
            <strong>{t("voting.voice_no_vote")}</strong> {t(`voting.voice_no_vote_${me.role}`)}
          </p>
          <ol class="round-options">
            {round.options.map((id) => (
              <li key={id}>{titleOf(id)}</li>
            ))}
          </ol>
        </div>
      )}
      {open && isFacilitator && (
        <CloseTool round={round} participation={participation} workshopId={workshopId} t={t} onClosed={onRoundChanged} />
      )}
      {open && !round.results && (
        <p class="round-hidden-note">
          {round.visibility === VISIBILITY_LIVE ? t("voting.live_pending") : t("voting.hidden_until_close")}
        </p>
      )}
      {round.results && (
        <Results round={round} results={round.results} titleOf={titleOf} sectors={sectors} names={names} lang={lang} t={t} />
      )}
      {!open && isFacilitator && round.results && !round.purpose && (
        <DecisionForm
          round={round}
          results={round.results}
          decisions={decisions}
          workshopId={workshopId}
          titleOf={titleOf}
          t={t}
          onDecided={onDecided}
        />
      )}
      {round.secrecy === SECRECY_SECRET && <p class="round-secrecy-note">{t("voting.secret_note")}</p>}
    </article>
  );
}

function CloseTool({ round, participation, workshopId, t, onClosed }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const { ask, dialog } = useConfirm(t);
  const counts = { voted: participation ? participation.voted : 0, eligible: participation ? participation.eligible : 0 };
  const close = async () => {
    const confirmed = await ask({
      title: t("confirm.close_round_title"),
      body: t("confirm.close_round_body", counts),
      irreversible: t("confirm.close_round_irreversible"),
      confirmLabel: t("voting.close_yes"),
      danger: true,
    });
    if (!confirmed) return;
    setBusy(true);
    setError("");
    try {
      const data = await closeRound(workshopId, round.id, { networkMessage: t("error.network") });
      onClosed(data);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="close-tool">
      {dialog}
      <button type="button" class="button button--danger" disabled={busy} onClick={close}>
        {t("voting.close")}
      </button>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
    </div>
  );
}

function RoundList({ rounds, shownId, onChoose, t, lang }) {
  const latestFirst = [...rounds].sort((a, b) => String(b.opened_at).localeCompare(String(a.opened_at)));
  return (
    <section class="round-list" aria-labelledby="round-list-heading">
      <h3 id="round-list-heading">{t("voting.all_rounds")}</h3>
      <ul>
        {latestFirst.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              class="button button--small round-list-item"
              aria-pressed={r.id === shownId ? "true" : "false"}
              onClick={() => onChoose(r.id)}
            >
              {formatMexicoTime(r.opened_at, lang, { dateStyle: null })} · {t(`method.${r.method}`)} · {t(`round.status_${r.status}`)}
              {r.question ? ` · ${r.question}` : ""}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
