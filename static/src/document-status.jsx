// The state of a shared document opened by a stage panel (a RoomConnection
// other than the room's tree): connected or not, saved or not, and the notice
// of a 44xx close with «Reintentar» once the connection gives up. The panel
// says what the document is (`liveText`) and what a refused edit lost
// (`forbiddenText`). Also the «Texto no guardado» panel: what the server
// could not store of any of the room's documents (unsaved-texts.js).

import { useEffect, useState } from "preact/hooks";
import { copyText } from "./clipboard.js";
import { labelOf } from "./i18n.js";
import { CLOSE_FORBIDDEN, CONN_CONNECTED, CONN_CONNECTING } from "./room-connection.js";
import { SAVE_SAVED, saveKey } from "./save-barrier.js";
import { dismissUnsaved, loadUnsaved, watchUnsaved } from "./unsaved-texts.js";

/**
 * @param {object} props
 * @param {import("./room-connection.js").RoomState|null} props.state
 * @param {import("./room-connection.js").RoomConnection|null} props.connection
 * @param {(state: string) => string} props.liveText the connection line, given the connection state's words
 * @param {string} props.forbiddenText shown after a 4403 close the connection recovers from
 * @param {(key: string, params?: object) => string} props.t
 */
export function DocumentStatus({ state, connection, liveText, forbiddenText, t }) {
  if (!state) return null;
  const { closed, terminal } = state;
  const save = saveKey(state.save);
  let closeText = "";
  if (closed) {
    closeText = closed.code === CLOSE_FORBIDDEN && !terminal ? forbiddenText : t("close.other", { code: closed.code });
    if (closed.reason) closeText = `${closeText} ${t("close.reason", { reason: closed.reason })}`;
  }
  return (
    <div class="doc-status">
      <p class={`conn conn--${state.connection}`}>
        <span class="conn-dot" aria-hidden="true" />
        {liveText(t(`conn.${state.connection}`))}
      </p>
      {state.connection !== CONN_CONNECTING && (
        <p class={`save save--${state.save}`} role="status">
          {state.connection === CONN_CONNECTED || state.save !== SAVE_SAVED ? t(save) : ""}
        </p>
      )}
      {closed && (
        <div class={`notice ${terminal ? "notice--error" : "notice--warning"}`} role="alert">
          <p>{closeText}</p>
          {terminal && (
            <button type="button" class="button button--small" onClick={() => connection && connection.retry()}>
              {t("close.retry")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

const ARTIFACT_LABELS = {
  tree: "unsaved.artifact_tree",
  alternatives: "unsaved.artifact_alternatives",
  roadmap: "unsaved.artifact_roadmap",
};

/** The label key of an artifact: every `sheet-<commitment>` is a commitment sheet. */
const artifactLabel = (artifact) =>
  ARTIFACT_LABELS[artifact] || (String(artifact).startsWith("sheet-") ? "unsaved.artifact_sheet" : "unsaved.artifact_other");

/**
 * The unsaved texts of one person in one workshop, kept until dismissed.
 * @param {object} props
 * @param {string} props.storageKey unsaved-texts.js `unsavedKey(workshop, participant)`
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {(key: string, params?: object) => string} props.t
 */
export function UnsavedTexts({ storageKey, phases, t }) {
  const [entries, setEntries] = useState(() => loadUnsaved(storageKey));
  const [copied, setCopied] = useState(null);
  useEffect(() => {
    setEntries(loadUnsaved(storageKey));
    return watchUnsaved(storageKey, setEntries);
  }, [storageKey]);
  if (entries.length === 0) return null;

  const reasonOf = (reason) => {
    if (!reason) return "";
    // The server's state explains it when it can (in the page's language);
    // otherwise its refusal message does (e.g. a sheet's status).
    if (reason.deleted) return t("unsaved.reason_deleted");
    if (reason.locked) return t("unsaved.reason_locked");
    if (reason.phase && (reason.writable === false || !reason.message)) {
      return t("unsaved.reason_phase", { phase: labelOf(phases, reason.phase) });
    }
    return reason.message ? t("close.reason", { reason: reason.message }) : "";
  };
  const copy = async (entry) => {
    const ok = await copyText(entry.text);
    setCopied({ id: entry.id, ok });
  };

  return (
    <section class="unsaved-texts notice notice--warning" aria-labelledby="unsaved-texts-heading">
      <h2 id="unsaved-texts-heading">{t("unsaved.title")}</h2>
      <p>{t("unsaved.intro")}</p>
      <ul>
        {entries.map((entry) => (
          <li key={entry.id} class="unsaved-text" data-path={entry.path}>
            <p class="unsaved-text__where">
              {t(artifactLabel(entry.artifact))} · {reasonOf(entry.reason)}
            </p>
            <p class="unsaved-text__text">{entry.text}</p>
            <p class="unsaved-text__missing">
              {t("unsaved.not_stored")} <mark>{entry.unsaved.join(" … ")}</mark>
            </p>
            <p class="unsaved-text__actions">
              <button type="button" class="button button--small" onClick={() => copy(entry)}>
                {t("common.copy")}
              </button>
              <button type="button" class="button button--small" onClick={() => dismissUnsaved(storageKey, entry.id)}>
                {t("unsaved.dismiss")}
              </button>
              {copied && copied.id === entry.id && (
                <span role="status">{copied.ok ? t("common.copied") : t("common.copy_failed")}</span>
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
