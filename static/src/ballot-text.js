// A ballot in words (my current ballot, the ballots of a public round),
// one line per option it answers, in the page's language.

import {
  METHOD_APPROVAL,
  METHOD_DOTS,
  METHOD_RANKED,
  METHOD_SCORE,
  draftFromBallot,
  isObjection,
} from "./ballot-model.js";

/**
 * A ballot in words, one line per option it answers.
 * @param {{method: string, options: string[], config?: Record<string, any>}} round
 * @param {Record<string, any>} ballot
 * @param {(id: string) => string} titleOf
 * @param {(key: string, params?: object) => string} t
 * @returns {string[]} empty for an abstention
 */
export const ballotLines = (round, ballot, titleOf, t) => {
  const draft = draftFromBallot(round, ballot);
  switch (round.method) {
    case METHOD_APPROVAL:
      return draft.approve.map((id) => t("ballot.summary_approve", { title: titleOf(id) }));
    case METHOD_DOTS:
      return round.options
        .filter((id) => draft.dots[id])
        .map((id) => t("ballot.summary_dots", { title: titleOf(id), n: draft.dots[id] }));
    case METHOD_SCORE:
      return round.options
        .filter((id) => draft.scores[id])
        .map((id) => t("ballot.summary_score", { title: titleOf(id), scores: Object.values(draft.scores[id]).join(" / ") }));
    case METHOD_RANKED:
      return draft.ranking.map((id, index) => t("ballot.summary_rank", { n: index + 1, title: titleOf(id) }));
    default:
      return round.options
        .filter((id) => id in draft.consent || id in draft.fist)
        .map((id) => {
          const answer = id in draft.consent ? t(`consent.${draft.consent[id]}`) : t("fist.n", { n: draft.fist[id] });
          // The text that goes with this answer: an objection's reason or a comment.
          const text = (isObjection(round.method, draft, id) ? draft.reasons : draft.comments || {})[id];
          const reason = text ? ` — ${text}` : "";
          return `${t("ballot.summary_consent", { title: titleOf(id), answer })}${reason}`;
        });
  }
};
