// A read-only link with a "Copiar" button.

import { useState } from "preact/hooks";
import { copyText } from "./clipboard.js";

/**
 * @param {object} props
 * @param {string} props.id
 * @param {string} props.label
 * @param {string} props.value
 * @param {(key: string, params?: object) => string} props.t
 * @param {string} [props.className]
 */
export function CopyField({ id, label, value, t, className }) {
  const [copied, setCopied] = useState("");
  const copy = async () => {
    const ok = await copyText(value);
    setCopied(ok ? t("common.copied") : t("common.copy_failed"));
    setTimeout(() => setCopied(""), 4000);
  };
  return (
    <div class={`copy-field ${className || ""}`}>
      <label for={id}>{label}</label>
      <div class="copy-field-row">
        <input id={id} type="text" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" class="button" onClick={copy}>
          {t("common.copy")}
        </button>
      </div>
      <p class="copy-field-status" role="status">
        {copied}
      </p>
    </div>
  );
}

/**
 * An absolute URL for display and copying (the server may answer a path).
 * @param {string} url
 * @returns {string}
 */
export const absoluteUrl = (url) => {
  try {
    return new URL(url, window.location.href).href;
  } catch {
    return url;
  }
};
