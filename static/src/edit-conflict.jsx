// What a form says when its save was refused as stale (409 edit_conflict,
// docs/api.md «Stale writes»): someone saved first. The person's input stays
// in the form; they choose to see the current version (dropping theirs) or to
// save theirs over it.

/**
 * A refusal of a form's save because it started from an older revision.
 * @param {unknown} error
 * @returns {boolean}
 */
export const isEditConflict = (error) =>
  Boolean(error) && /** @type {any} */ (error).status === 409 && /** @type {any} */ (error).code === "edit_conflict";

/**
 * @param {object} props
 * @param {string} props.message what happened, in the form's words
 * @param {() => void} props.onShowCurrent drop the person's input and show what is saved
 * @param {() => void} props.onKeepMine save the person's input over the other change
 * @param {boolean} [props.busy]
 * @param {(key: string, params?: object) => string} props.t
 */
export function EditConflict({ message, onShowCurrent, onKeepMine, busy = false, t }) {
  return (
    <div class="notice notice--warning edit-conflict" role="alert">
      <p>{message}</p>
      <div class="edit-conflict__actions">
        <button type="button" class="button button--small" disabled={busy} onClick={onShowCurrent}>
          {t("conflict.show_current")}
        </button>
        <button type="button" class="button button--small" disabled={busy} onClick={onKeepMine}>
          {t("conflict.keep_mine")}
        </button>
      </div>
    </div>
  );
}
