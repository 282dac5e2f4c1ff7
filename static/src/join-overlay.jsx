// "Mostrar código": the join code in huge letters, the join link and the QR,
// for the projector. A modal <dialog> so Esc closes it and focus stays inside.

import { useEffect, useRef } from "preact/hooks";
import { absoluteUrl } from "./copy-field.jsx";

/**
 * @param {object} props
 * @param {boolean} props.open
 * @param {() => void} props.onClose
 * @param {{id: string, title: string, join_code: string, join_url: string}} props.workshop
 * @param {(key: string, params?: object) => string} props.t
 */
export function JoinOverlay({ open, onClose, workshop, t }) {
  const ref = useRef(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog ref={ref} class="join-overlay" aria-labelledby="join-overlay-title" onClose={onClose}>
      <h2 id="join-overlay-title">{t("room.join_title")}</h2>
      <div class="join-overlay-body">
        <div class="join-overlay-text">
          <p class="join-overlay-step">{t("room.join_step_url")}</p>
          <p class="join-overlay-url">{absoluteUrl(workshop.join_url || "")}</p>
          <p class="join-overlay-step">{t("room.join_step_code")}</p>
          <p class="join-code join-code--huge" aria-label={t("room.join_code_aria", { code: spaced(workshop.join_code) })}>
            {workshop.join_code}
          </p>
        </div>
        {open && (
          <img
            class="qr"
            src={`/api/workshops/${encodeURIComponent(workshop.id)}/qr.svg`}
            alt={t("room.qr_alt", { url: absoluteUrl(workshop.join_url || "") })}
            width="280"
            height="280"
          />
        )}
      </div>
      <form method="dialog">
        <button type="submit" class="button button--primary" onClick={onClose}>
          {t("common.close")}
        </button>
      </form>
    </dialog>
  );
}

const spaced = (code) => String(code || "").split("").join(" ");
