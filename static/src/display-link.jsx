// The facilitator's «Enlace para el proyector»: creates a read-only display
// link (server/displays.py), copies it and shows it to copy again. The
// projector's browser opens it and shows the projector view, without being
// a participant.

import { useState } from "preact/hooks";
import { copyText } from "./clipboard.js";
import { CopyField } from "./copy-field.jsx";
import { createDisplay } from "./session-api.js";

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {(key: string, params?: object) => string} props.t
 */
export function DisplayLink({ workshopId, t }) {
  const [url, setUrl] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError("");
    try {
      const created = await createDisplay(workshopId, { networkMessage: t("error.network") });
      setUrl(created.display_url);
      await copyText(created.display_url);
    } catch (failure) {
      setError(t("room.display_link_failed", { message: failure.message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="display-link">
      <button type="button" class="button" onClick={create} disabled={busy}>
        {t("room.display_link")}
      </button>
      {url && (
        <CopyField id="display-link-url" label={t("room.display_link_label")} value={url} t={t} className="display-link-field" />
      )}
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
