// The state of a shared document opened by a stage panel (a RoomConnection
// other than the room's tree): connected or not, saved or not, and the notice
// of a 44xx close with «Reintentar» once the connection gives up. The panel
// says what the document is (`liveText`) and what a refused edit lost
// (`forbiddenText`).

import { CLOSE_FORBIDDEN, CONN_CONNECTED, CONN_CONNECTING } from "./room-connection.js";
import { SAVE_SAVED, SAVE_SAVING } from "./save-barrier.js";

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
  const save = state.save === SAVE_SAVED ? "save.saved" : state.save === SAVE_SAVING ? "save.saving" : "save.unsaved";
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
