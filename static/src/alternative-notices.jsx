// The authors of an alternative are told, in the room, when the facilitator
// answers it (adopted, merged into another, not adopted, with the reason):
// the server writes the answer into the alternative's entry of the
// `alternatives` document (`response`), so it arrives over the connection
// the panel already has, with no polling.

import { useEffect, useState } from "preact/hooks";
import * as Y from "yjs";
import { ALTERNATIVE_RESPONSE, ALTERNATIVES_ITEMS } from "./document-schema.js";
import { useDismissed } from "./tree-trail.jsx";

/**
 * The answers to `me`'s alternatives, read from the document.
 * @param {Y.Doc} doc
 * @param {string} me participant id
 * @returns {Array<{id: string, disposition: string, reason: string, mergedInto: string|null, at: string}>}
 */
export const readResponsesFor = (doc, me) => {
  const found = [];
  doc.getMap(ALTERNATIVES_ITEMS).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const response = value.get(ALTERNATIVE_RESPONSE);
    if (!response || typeof response !== "object" || typeof response.disposition !== "string") return;
    if (!Array.isArray(response.authors) || !response.authors.includes(me)) return;
    found.push({
      id,
      disposition: response.disposition,
      reason: typeof response.reason === "string" ? response.reason : "",
      mergedInto: typeof response.merged_into === "string" ? response.merged_into : null,
      at: typeof response.at === "string" ? response.at : "",
    });
  });
  return found;
};

/**
 * @param {object} props
 * @param {Y.Doc|null} props.doc the alternatives document, once synced
 * @param {string} props.workshopId
 * @param {{participant_id: string}} props.me
 * @param {(id: string) => string} props.titleOf
 * @param {(key: string, params?: object) => string} props.t
 */
export function AlternativeNotices({ doc, workshopId, me, titleOf, t }) {
  const [responses, setResponses] = useState([]);
  const [dismissed, dismiss] = useDismissed(`cocrea.notices.${workshopId}.${me.participant_id}`);
  useEffect(() => {
    if (!doc) return undefined;
    const items = doc.getMap(ALTERNATIVES_ITEMS);
    const update = () => setResponses(readResponsesFor(doc, me.participant_id));
    update();
    items.observeDeep(update);
    return () => items.unobserveDeep(update);
  }, [doc, me.participant_id]);
  const shown = responses.filter((response) => !dismissed.has(`answered:${response.id}:${response.at}`));
  if (shown.length === 0) return null;
  return (
    <section class="author-notices" aria-labelledby="alternative-notices-title" role="region">
      <h3 id="alternative-notices-title">{t("notice.title")}</h3>
      <ul>
        {shown.map((response) => {
          const key = `answered:${response.id}:${response.at}`;
          const disposition =
            response.disposition === "merged" && response.mergedInto
              ? t("alternatives.merged_into", { title: titleOf(response.mergedInto) })
              : t(`disposition.${response.disposition}`);
          return (
            <li key={key} data-notice-id={key}>
              {t("notice.answered", { title: titleOf(response.id), disposition, reason: response.reason }).trim()}
              <button type="button" class="button button--small" onClick={() => dismiss(key)}>
                {t("notice.dismiss")}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
