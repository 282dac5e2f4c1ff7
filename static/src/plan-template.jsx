// The institution's own DOCX template (letterhead, styles): the DOCX export
// is rendered into it. Upload (checked here for name and size, by the server
// for content: a broken file is refused with its reason and nothing changes),
// its name and date, a download and removal.

import { useRef, useState } from "preact/hooks";
import { formatMexicoTime } from "./i18n.js";
import { deleteTemplate, templateUrl, uploadTemplate } from "./plan-api.js";
import { DOCX_MEDIA_TYPE, templateFileProblem } from "./plan-model.js";

/** An ISO date-time at the mesa's time, or the text as it came. */
const formatDateTime = (iso, lang) => formatMexicoTime(iso || "", lang, { dateStyle: "long" });

/**
 * @param {object} props
 * @param {Record<string, any>} props.plan with its `template` ({filename, uploaded_at} or null)
 * @param {string} props.planId
 * @param {() => Promise<void>} props.onChanged
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanTemplate({ plan, planId, onChanged, lang, t }) {
  const template = plan.template || null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const input = useRef(null);

  const run = async (action, doneMessage) => {
    setBusy(true);
    setError("");
    setDone("");
    try {
      await action();
      setDone(doneMessage);
      await onChanged();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };

  const upload = (event) => {
    const file = event.currentTarget.files && event.currentTarget.files[0];
    if (!file) return;
    const problem = templateFileProblem(file);
    if (problem) {
      setDone("");
      setError(t(problem, { name: file.name }));
      event.currentTarget.value = "";
      return;
    }
    run(() => uploadTemplate(planId, file, { networkMessage: t("error.network") }), t("plan.template_uploaded"));
  };
  const remove = () =>
    run(() => deleteTemplate(planId, { networkMessage: t("error.network") }), t("plan.template_removed"));

  return (
    <section class="card plan-template" aria-labelledby="plan-template-title">
      <h2 id="plan-template-title">{t("plan.template_title")}</h2>
      <p class="field-hint">{t("plan.template_hint")}</p>
      {template ? (
        <div class="plan-template-current">
          <p>
            {t("plan.template_current", {
              name: template.filename || "",
              date: formatDateTime(template.uploaded_at, lang),
            })}
          </p>
          <p class="plan-entry-buttons">
            <a class="button button--small" href={templateUrl(planId)} download>
              {t("plan.template_download")}
            </a>
            <button type="button" class="button button--small button--danger" disabled={busy} onClick={remove}>
              {t("plan.template_remove")}
            </button>
          </p>
        </div>
      ) : (
        <p class="plan-empty">{t("plan.template_default")}</p>
      )}
      <div class="field">
        <label for="plan-template-file">{template ? t("plan.template_replace") : t("plan.template_upload")}</label>
        <input
          id="plan-template-file"
          ref={input}
          type="file"
          accept={`.docx,${DOCX_MEDIA_TYPE}`}
          disabled={busy}
          onChange={upload}
          aria-describedby="plan-template-error"
        />
      </div>
      <p class="save" role="status">
        {busy ? t("plan.working") : done}
      </p>
      <p id="plan-template-error" class="form-message form-message--error" role="alert">
        {error}
      </p>
    </section>
  );
}
