// «Idea en silencio», a participant's side of a silent-ideation round: the
// facilitator's prompt, a form to write private cards (a cause or an effect,
// up to CARD_TEXT_MAX characters, CARDS_PER_PERSON_MAX per round) and the
// cards I wrote; nobody else sees them until the facilitator reveals the
// round, and then they are in the tree, unlinked. A chunk loaded on demand.

import { useState } from "preact/hooks";
import { KIND_CAUSE, KIND_EFFECT } from "./document-schema.js";
import { writeCard } from "./tree-api.js";
import { ROUND_OPEN } from "./use-ideation.js";
import "./room-kit.js";

/** Server limits (workshops/ideation.py). */
export const CARD_TEXT_MAX = 500;
export const CARDS_PER_PERSON_MAX = 20;

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {import("./use-ideation.js").IdeationState} props.ideation
 * @param {boolean} props.revealed the round I took part in was just revealed
 * @param {() => void} props.onDismiss hide the "revealed" note
 * @param {(key: string, params?: object) => string} props.t
 */
export function IdeationPanel({ workshopId, ideation, revealed, onDismiss, t }) {
  const { round, cards } = ideation;
  const [text, setText] = useState("");
  const [kind, setKind] = useState(KIND_CAUSE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");

  if (revealed && (!round || round.status !== ROUND_OPEN)) {
    return (
      <section class="ideation ideation--revealed" aria-labelledby="ideation-heading">
        <h2 id="ideation-heading">{t("ideation.title")}</h2>
        <p role="status">{t("ideation.revealed")}</p>
        <button type="button" class="button button--small" onClick={onDismiss}>
          {t("common.dismiss")}
        </button>
      </section>
    );
  }
  if (!round || round.status !== ROUND_OPEN) return null;

  const full = cards.length >= CARDS_PER_PERSON_MAX;
  const submit = async (event) => {
    event.preventDefault();
    const clean = text.trim();
    if (!clean || busy || full) return;
    setBusy(true);
    setError("");
    setDone("");
    try {
      await writeCard(workshopId, { text: clean, kind }, { networkMessage: t("error.network") });
      setText("");
      setDone(t("ideation.saved"));
      await ideation.refresh();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="ideation" aria-labelledby="ideation-heading">
      <h2 id="ideation-heading">{t("ideation.title")}</h2>
      {round.prompt && <p class="ideation-prompt">{round.prompt}</p>}
      <p class="ideation-note">{t("ideation.private_note")}</p>
      <form class="ideation-form" onSubmit={submit}>
        <label for="ideation-text" class="ideation-label">
          {t("ideation.card_label")}
        </label>
        <textarea
          id="ideation-text"
          rows={2}
          maxLength={CARD_TEXT_MAX}
          value={text}
          disabled={full}
          placeholder={t("ideation.card_placeholder")}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <p class="ideation-counter" aria-live="off">
          {t("ideation.chars", { count: text.length, max: CARD_TEXT_MAX })}
        </p>
        <fieldset class="ideation-kind">
          <legend>{t("ideation.kind")}</legend>
          {[KIND_CAUSE, KIND_EFFECT].map((value) => (
            <label class="choice" key={value}>
              <input
                type="radio"
                name="ideation-kind"
                value={value}
                checked={kind === value}
                onChange={() => setKind(value)}
              />
              <span>{t(`tree.kind.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="button button--primary" disabled={busy || full || !text.trim()}>
          {t("ideation.add")}
        </button>
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
        <p class="visually-hidden" role="status">
          {done}
        </p>
      </form>
      <h3 class="ideation-mine">
        {t("ideation.mine", { count: cards.length, max: CARDS_PER_PERSON_MAX })}
      </h3>
      {cards.length === 0 ? (
        <p class="tree-empty">{t("ideation.none_yet")}</p>
      ) : (
        <ul class="card-list">
          {cards.map((card) => (
            <li key={card.id} class={`idea-card idea-card--${card.kind}`}>
              <span class="idea-card-kind">
                {t(card.kind === KIND_EFFECT ? "tree.kind.effect" : "tree.kind.cause")}
              </span>
              <span class="idea-card-text">{card.text}</span>
            </li>
          ))}
        </ul>
      )}
      {full && <p class="notice notice--warning">{t("ideation.full", { max: CARDS_PER_PERSON_MAX })}</p>}
    </section>
  );
}
