// The plan's document in the page: the printable HTML export
// (GET /api/plans/{id}/export/html, `?layout=ogp` for the OGP template)
// fetched again a moment after each change, shown in a sandboxed iframe
// through `srcdoc`. The sandbox runs no script, submits no form and opens
// nothing; it keeps the page's origin (`allow-same-origin`, harmless without
// `allow-scripts`) so that the frame is drawn with the page, in the same
// process, and prints and captures with it. `srcdoc` needs no framing of a
// URL, so the pages' CSP (frame-ancestors 'none') does not get in the way.

import { useEffect, useRef, useState } from "preact/hooks";
import { fetchPreview } from "./plan-api.js";
import { LAYOUT_OGP, LAYOUT_PLAN } from "./plan-model.js";

/**
 * @param {object} props
 * @param {string} props.planId
 * @param {number} props.version grows after every accepted change
 * @param {number} props.delayMs quiet time before fetching again
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanPreview({ planId, version, delayMs, t }) {
  const [layout, setLayout] = useState(LAYOUT_PLAN);
  const [asked, setAsked] = useState(0);
  const [doc, setDoc] = useState({ html: "", error: "", loading: true });
  const controller = useRef(null);

  useEffect(() => {
    setDoc((d) => ({ ...d, loading: true }));
    const timer = setTimeout(async () => {
      if (controller.current) controller.current.abort();
      const mine = new AbortController();
      controller.current = mine;
      try {
        const html = await fetchPreview(planId, layout, { signal: mine.signal, networkMessage: t("error.network") });
        if (!mine.signal.aborted) setDoc({ html, error: "", loading: false });
      } catch (err) {
        if (!mine.signal.aborted) setDoc((d) => ({ ...d, error: err.message, loading: false }));
      }
    }, delayMs);
    return () => clearTimeout(timer);
  }, [planId, version, layout, asked]);

  useEffect(() => () => controller.current && controller.current.abort(), []);

  return (
    <section class="card plan-preview" aria-labelledby="plan-preview-title">
      <div class="plan-preview-head">
        <h2 id="plan-preview-title">{t("plan.preview_title")}</h2>
        <fieldset class="plan-preview-layout">
          <legend class="visually-hidden">{t("plan.preview_layout")}</legend>
          {[LAYOUT_PLAN, LAYOUT_OGP].map((value) => (
            <label class="choice" key={value}>
              <input
                type="radio"
                name="plan-preview-layout"
                value={value}
                checked={layout === value}
                onChange={() => setLayout(value)}
              />
              <span>{t(`plan.preview_layout_${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="button" class="button button--small" onClick={() => setAsked(asked + 1)}>
          {t("plan.preview_refresh")}
        </button>
      </div>
      <p class="save" role="status">
        {doc.loading ? t("plan.preview_loading") : ""}
      </p>
      <p class="form-message form-message--error" role="alert">
        {doc.error}
      </p>
      {doc.html && (
        <iframe
          class="plan-preview-frame"
          title={t(layout === LAYOUT_OGP ? "plan.preview_frame_ogp" : "plan.preview_frame")}
          sandbox="allow-same-origin"
          srcdoc={doc.html}
        />
      )}
    </section>
  );
}
