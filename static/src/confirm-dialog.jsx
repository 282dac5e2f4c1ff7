// The one confirmation of the room: before an action that cannot be undone
// (recording a decision, agreeing a hoja de ruta, making a commitment
// definitive, closing a round, merging, splitting, answering an alternative,
// deleting someone else's idea) a modal dialog says what will happen and what
// cannot be undone, with «Cancelar» focused first. A native <dialog> opened
// with showModal(): the page behind is inert, Escape cancels, and the focus
// returns to the button that asked.

import { useEffect, useRef, useState } from "preact/hooks";

/**
 * @typedef {object} ConfirmRequest
 * @property {string} title what is about to happen («¿Registrar el acuerdo?»)
 * @property {string} body the details: what, on what
 * @property {string} [irreversible] what cannot be undone afterwards
 * @property {string} confirmLabel the confirming button's words (the action's own)
 * @property {boolean} [danger] a destructive action (red button)
 */

/**
 * A confirmation dialog and the function that opens it.
 * `await ask(request)` is true when the person confirmed.
 * @param {(key: string, params?: object) => string} t
 * @returns {{ask: (request: ConfirmRequest) => Promise<boolean>, dialog: import("preact").VNode}}
 */
export function useConfirm(t) {
  const [request, setRequest] = useState(null);
  const resolver = useRef(null);
  const ask = (next) =>
    new Promise((resolve) => {
      if (resolver.current) resolver.current(false);
      resolver.current = resolve;
      setRequest(next);
    });
  const answer = (value) => {
    const resolve = resolver.current;
    resolver.current = null;
    setRequest(null);
    if (resolve) resolve(value);
  };
  useEffect(() => () => resolver.current && resolver.current(false), []);
  const dialog = <ConfirmDialog request={request} onAnswer={answer} t={t} />;
  return { ask, dialog };
}

let serial = 0;

/**
 * @param {object} props
 * @param {ConfirmRequest|null} props.request open while not null
 * @param {(confirmed: boolean) => void} props.onAnswer
 * @param {(key: string, params?: object) => string} props.t
 */
export function ConfirmDialog({ request, onAnswer, t }) {
  const ref = useRef(null);
  const cancelRef = useRef(null);
  const opener = useRef(null);
  const [id] = useState(() => `confirm-${++serial}`);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      if (cancelRef.current) cancelRef.current.focus();
    } else if (!request && dialog.open) {
      dialog.close();
    }
    if (!request && opener.current) {
      const back = opener.current;
      opener.current = null;
      if (back.isConnected && typeof back.focus === "function") back.focus();
    }
  }, [request]);

  return (
    <dialog
      ref={ref}
      class="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      // Keys typed here are the dialog's, not the view's around it (the
      // graph zooms on «+», the outline moves on arrows).
      onKeyDown={(event) => event.stopPropagation()}
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(false);
      }}
    >
      {request && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onAnswer(true);
          }}
        >
          <h2 id={`${id}-title`} class="confirm-title">
            {request.title}
          </h2>
          <div id={`${id}-body`}>
            <p class="confirm-body">{request.body}</p>
            {request.irreversible && (
              <p class="confirm-irreversible">
                <strong>{t("confirm.cannot_undo")}</strong> {request.irreversible}
              </p>
            )}
          </div>
          <div class="confirm-actions">
            <button type="button" class="button" ref={cancelRef} onClick={() => onAnswer(false)}>
              {t("common.cancel")}
            </button>
            <button type="submit" class={`button ${request.danger ? "button--danger" : "button--primary"}`}>
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
