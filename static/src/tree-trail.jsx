// What happened to people's ideas, said in the room: the trail of deleted
// ideas («Eliminado por Ana a las 15:54: «texto» · Restaurar»), which lasts
// as long as the tree document and which anyone who may edit the tree can
// restore (the node comes back with its links), and, for the author, a
// notice when someone else deleted or the facilitator merged one of their
// ideas. Both are read from the tree document (pushed over the sync
// connection, no polling); a notice the author has read is dismissed on
// this device.

import { useEffect, useMemo, useState } from "preact/hooks";
import { formatMexicoTime } from "./i18n.js";
import { shorten, textOf } from "./tree-labels.js";
import { getTreeMaps } from "./tree-model.js";
import { findMergedIdeasOf, readDeleted, restoreNode } from "./tree-trail-model.js";
import { useTree } from "./use-tree.js";

const DISMISSED_KEY = "cocrea.notices.";

/**
 * The trail, re-read whenever it or the nodes change.
 * @param {import("yjs").Doc} doc
 * @returns {import("./tree-trail-model.js").DeletedRecord[]}
 */
export const useDeleted = (doc) => {
  const [records, setRecords] = useState(() => readDeleted(doc));
  useEffect(() => {
    setRecords(readDeleted(doc));
    const { nodes, deleted } = getTreeMaps(doc);
    const update = () => setRecords(readDeleted(doc));
    deleted.observe(update);
    nodes.observe(update);
    return () => {
      deleted.unobserve(update);
      nodes.unobserve(update);
    };
  }, [doc]);
  return records;
};

const readDismissed = (key) => {
  try {
    const value = JSON.parse(window.localStorage.getItem(key) || "[]");
    return new Set(Array.isArray(value) ? value : []);
  } catch {
    return new Set();
  }
};

/**
 * Notices a person has read, remembered on this device.
 * @param {string} key localStorage key
 * @returns {[Set<string>, (id: string) => void]}
 */
export const useDismissed = (key) => {
  const [dismissed, setDismissed] = useState(() => readDismissed(key));
  const dismiss = (id) =>
    setDismissed((previous) => {
      const next = new Set(previous).add(id);
      try {
        window.localStorage.setItem(key, JSON.stringify([...next]));
      } catch {
        // private mode: dismissed for this page only
      }
      return next;
    });
  return [dismissed, dismiss];
};

/**
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {string} props.workshopId
 * @param {{participant_id: string}} props.me
 * @param {boolean} props.editable the tree is editable for me now (restoring is an edit)
 * @param {Map<string, string>} props.names participant id → name
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 * @param {(text: string, options?: object) => void} props.notify
 */
export function TreeTrail({ doc, workshopId, me, editable, names, lang, t, notify }) {
  const records = useDeleted(doc);
  const tree = useTree(doc);
  const [dismissed, dismiss] = useDismissed(`${DISMISSED_KEY}${workshopId}.${me.participant_id}`);
  const nameOf = (id) => (id && names.get(id)) || t("trail.someone");
  const textOfRecord = (record) => shorten(record.text) || t("tree.no_text");

  const restore = (record) => {
    const { restored, links } = restoreNode(doc, record.id);
    if (restored) notify(t("trail.restored", { text: textOfRecord(record), links }));
  };

  const merged = useMemo(() => findMergedIdeasOf(tree, me.participant_id), [tree, me.participant_id]);
  const notices = [
    ...records
      .filter((record) => record.createdBy === me.participant_id && record.deletedBy !== me.participant_id)
      .map((record) => ({
        id: `deleted:${record.id}:${record.deletedAt}`,
        text: t("notice.deleted", { name: nameOf(record.deletedBy), text: textOfRecord(record) }),
        record,
      })),
    ...merged.map((entry) => ({
      id: `merged:${entry.id}`,
      text: t("notice.merged", {
        text: shorten(entry.text) || t("tree.no_text"),
        into: shorten(textOf(tree.nodes.get(entry.intoId))) || t("tree.no_text"),
      }),
      record: null,
    })),
  ].filter((notice) => !dismissed.has(notice.id));

  return (
    <>
      {notices.length > 0 && (
        <section class="author-notices" aria-labelledby="author-notices-title" role="region">
          <h3 id="author-notices-title">{t("notice.title")}</h3>
          <ul>
            {notices.map((notice) => (
              <li key={notice.id} data-notice-id={notice.id}>
                {notice.text}
                {notice.record && editable && (
                  <button type="button" class="button button--small" onClick={() => restore(notice.record)}>
                    {t("trail.restore")}
                  </button>
                )}
                <button type="button" class="button button--small" onClick={() => dismiss(notice.id)}>
                  {t("notice.dismiss")}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {records.length > 0 && (
        <details class="tree-trail" open>
          <summary>
            <h3>{t("trail.title", { count: records.length })}</h3>
          </summary>
          <ul>
            {records.map((record) => (
              <li key={record.id} data-deleted-id={record.id}>
                {t("trail.entry", {
                  name: nameOf(record.deletedBy),
                  when: formatMexicoTime(record.deletedAt, lang, { dateStyle: null }),
                  text: textOfRecord(record),
                })}
                {editable && (
                  <>
                    {" · "}
                    <button
                      type="button"
                      class="button button--small"
                      aria-label={t("trail.restore_named", { text: textOfRecord(record) })}
                      onClick={() => restore(record)}
                    >
                      {t("trail.restore")}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
