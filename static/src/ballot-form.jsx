// A participant's ballot for the open round, one form per method
// (ballot-model.js): approval checkboxes; dots with − / + and what is left;
// a score per criterion and option; a ranking moved with buttons (and so
// with the keyboard); consent or fist to five with a reason when objecting.
// It starts from my current ballot (`my_ballot`), says that a new one
// replaces it until the close, and shows the server's errors as they come.
// What it has not got recorded goes up too (`onUnsent`): a close pushed
// while a change is unsent or refused takes the form away, and the round
// still has to say so (voting-panel.jsx).

import { useEffect, useRef, useState } from "preact/hooks";
import {
  METHOD_APPROVAL,
  METHOD_DOTS,
  METHOD_RANKED,
  METHOD_SCORE,
  ballotFromDraft,
  draftFromBallot,
  draftProblems,
  isAbstention,
} from "./ballot-model.js";
import { ApprovalBallot, ConsentBallot, DotsBallot, RankedBallot, ScoreBallot } from "./ballot-methods.jsx";
import { ballotLines } from "./ballot-text.js";
import { castBallot } from "./voting-api.js";

const HTTP_CONFLICT = 409;

const BALLOTS = {
  [METHOD_APPROVAL]: ApprovalBallot,
  [METHOD_DOTS]: DotsBallot,
  [METHOD_SCORE]: ScoreBallot,
  [METHOD_RANKED]: RankedBallot,
};

/**
 * @param {object} props
 * @param {Record<string, any>} props.round GET …/rounds/{round}
 * @param {string} props.workshopId
 * @param {(id: string) => string} props.titleOf
 * @param {(key: string, params?: object) => string} props.t
 * @param {() => Promise<void>} props.onCast
 * @param {(change: Partial<UnsentBallot>) => void} props.onUnsent
 */
export function BallotForm({ round, workshopId, titleOf, t, onCast, onUnsent }) {
  const mine = round.my_ballot || null;
  const [draft, setDraftState] = useState(() => draftFromBallot(round, mine));
  const touched = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [showProblems, setShowProblems] = useState(false);

  // My ballot as the server has it (cast from another device, say) shows
  // until I start changing this one.
  const mineKey = JSON.stringify(mine);
  useEffect(() => {
    if (!touched.current) setDraftState(draftFromBallot(round, mine));
  }, [mineKey]);

  const setDraft = (next) => {
    touched.current = true;
    onUnsent({ changed: true });
    setDone("");
    setDraftState(next);
  };
  const problems = draftProblems(round, draft);

  const submit = async (event) => {
    event.preventDefault();
    setShowProblems(true);
    if (problems.length > 0) {
      setError(t("ballot.fix_first"));
      return;
    }
    setBusy(true);
    setError("");
    setDone("");
    onUnsent({ sending: true });
    try {
      const ballot = ballotFromDraft(round, draft);
      await castBallot(workshopId, round.id, ballot, { networkMessage: t("error.network") });
      touched.current = false;
      onUnsent({ changed: false, sending: false });
      setShowProblems(false);
      setDone(isAbstention(ballot) ? t("ballot.done_abstention") : t("ballot.done"));
      await onCast();
    } catch (err) {
      const closed = err.status === HTTP_CONFLICT;
      // The server says why (a round that closed: «… ya se cerró; no admite más boletas»).
      const message = err.message || (closed ? t("ballot.closed") : "");
      setError(message);
      onUnsent({ sending: false, refusal: closed ? message : "" });
      if (closed) onCast();
    } finally {
      setBusy(false);
    }
  };

  const Method = BALLOTS[round.method] || ConsentBallot;
  return (
    <form class={`ballot ballot--${round.method}`} onSubmit={submit} aria-labelledby={`ballot-${round.id}`}>
      <h4 id={`ballot-${round.id}`} class="ballot-title">
        {t("ballot.title")}
      </h4>
      <p class="ballot-help">{t(`ballot.help_${round.method}`)}</p>
      <Method
        round={round}
        draft={draft}
        setDraft={setDraft}
        titleOf={titleOf}
        problems={showProblems ? problems : []}
        t={t}
      />
      <p class="ballot-replace">{mine ? t("ballot.replace_note") : t("ballot.first_note")}</p>
      <button type="submit" class="button button--primary" disabled={busy}>
        {mine ? t("ballot.replace") : t("ballot.send")}
      </button>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      <p class="form-message form-message--done" role="status">
        {done}
      </p>
      {mine && <BallotSummary round={round} ballot={mine} titleOf={titleOf} t={t} />}
    </form>
  );
}

/**
 * What a ballot form has not got recorded: changes not sent yet, a ballot on
 * its way, the server's refusal (a 409: the round closed).
 * @typedef {{changed: boolean, sending: boolean, refusal: string}} UnsentBallot
 */

/** @type {UnsentBallot} */
export const NOTHING_UNSENT = { changed: false, sending: false, refusal: "" };

/**
 * What to tell the person about an unsent ballot once the round has closed
 * under it ("" when nothing of theirs was lost).
 * @param {UnsentBallot} unsent
 * @param {boolean} hadBallot an earlier ballot of theirs counts
 * @param {(key: string, params?: object) => string} t
 */
export const closedUnsentMessage = (unsent, hadBallot, t) => {
  if (unsent.refusal) return unsent.refusal;
  // A ballot on its way may still have been counted: its answer says.
  if (unsent.sending || !unsent.changed) return "";
  return hadBallot ? t("ballot.closed_unsent_kept") : t("ballot.closed_unsent");
};

/**
 * My ballot as the server recorded it, in words.
 * @param {object} props
 * @param {Record<string, any>} props.round
 * @param {Record<string, any>} props.ballot
 * @param {(id: string) => string} props.titleOf
 * @param {(key: string, params?: object) => string} props.t
 */
export function BallotSummary({ round, ballot, titleOf, t }) {
  const lines = ballotLines(round, ballot, titleOf, t);
  return (
    <div class="ballot-summary">
      <p class="ballot-summary-title">{t("ballot.current")}</p>
      {lines.length === 0 ? (
        <p>{t("ballot.abstention")}</p>
      ) : (
        <ul>
          {lines.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
