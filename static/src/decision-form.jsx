// The facilitator records the decision a closed round supports
// (POST …/decisions): only what the server will accept is offered
// (decision-model.js), with a note for the minute; when there is nothing to
// offer, the form says why. The adopted alternative becomes a preliminary
// commitment.

import { useState } from "preact/hooks";
import { decisionOffers, noOfferReason } from "./decision-model.js";
import { useConfirm } from "./confirm-dialog.jsx";
import { recordDecision } from "./voting-api.js";

const NOTE_MAX = 4000;

/**
 * @param {object} props
 * @param {Record<string, any>} props.round
 * @param {Record<string, any>} props.results
 * @param {Array<Record<string, any>>} props.decisions the record
 * @param {string} props.workshopId
 * @param {(id: string) => string} props.titleOf
 * @param {(key: string, params?: object) => string} props.t
 * @param {() => void} props.onDecided
 */
export function DecisionForm({ round, results, decisions, workshopId, titleOf, t, onDecided }) {
  const offers = decisionOffers(round, results, decisions);
  const [choice, setChoice] = useState(0);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const why = noOfferReason(round, results, decisions);
  const { ask, dialog } = useConfirm(t);

  const submit = async (event) => {
    event.preventDefault();
    const offer = offers[Math.min(choice, offers.length - 1)];
    if (!offer) return;
    const confirmed = await ask({
      title: t("confirm.decision_title"),
      body: t("confirm.decision_body", { offer: t(`decision.offer_${offer.kind}`, { title: titleOf(offer.alternativeId) }) }),
      irreversible: t("confirm.decision_irreversible"),
      confirmLabel: t("decision.record"),
    });
    if (!confirmed) return;
    setBusy(true);
    setError("");
    setDone("");
    try {
      const body = { round_id: round.id, kind: offer.kind, alternative_id: offer.alternativeId };
      if (note.trim()) body.note = note.trim();
      await recordDecision(workshopId, body, { networkMessage: t("error.network") });
      setNote("");
      setChoice(0);
      setDone(t("decision.done", { title: titleOf(offer.alternativeId) }));
      onDecided();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="decision-form card" aria-labelledby={`decide-${round.id}`}>
      <h4 id={`decide-${round.id}`}>{t("decision.form_title")}</h4>
      {dialog}
      {offers.length === 0 ? (
        <p class="decision-none">{why ? t(`decision.none_${why}`) : ""}</p>
      ) : (
        <form onSubmit={submit}>
          <fieldset class="field">
            <legend>{t("decision.choose")}</legend>
            <div class="choices">
              {offers.map((offer, index) => (
                <label class="choice" key={`${offer.kind}-${offer.alternativeId}`}>
                  <input
                    type="radio"
                    name={`decision-${round.id}`}
                    checked={Math.min(choice, offers.length - 1) === index}
                    onChange={() => setChoice(index)}
                  />
                  <span>{t(`decision.offer_${offer.kind}`, { title: titleOf(offer.alternativeId) })}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div class="field">
            <label for={`decision-note-${round.id}`}>
              {t("decision.note")} <span class="optional">{t("common.optional")}</span>
            </label>
            <textarea
              id={`decision-note-${round.id}`}
              rows={2}
              maxLength={NOTE_MAX}
              value={note}
              onInput={(event) => setNote(event.currentTarget.value)}
            />
          </div>
          <p class="field-hint">{t("decision.append_only")}</p>
          <button type="submit" class="button button--primary" disabled={busy}>
            {t("decision.record")}
          </button>
        </form>
      )}
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      <p class="form-message form-message--done" role="status">
        {done}
      </p>
    </section>
  );
}
