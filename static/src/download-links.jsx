// The download links of the exports (the tree's, the plan page's, a
// commitment's in the room), one behaviour for all: a real link (so it opens
// or saves from the context menu as before) whose plain click fetches the
// file and saves it, says «Generando…» while the server renders (it can take
// many seconds) and is not taken twice, and turns a refusal into a message
// next to the links, offering the formats that do work (download.js).

import { useRef, useState } from "preact/hooks";
import { BUSY, fetchDownload, isPlainClick, problemText, saveBlob } from "./download.js";

const pageLang = () => (typeof document !== "undefined" && document.documentElement.lang === "en" ? "en" : "es");

/**
 * One group of download links: which one is rendering and what went wrong.
 * @param {object} options
 * @param {"tree"|"plan"|"minuta"} options.subject
 * @param {(format: string, layout?: string) => string} options.urlOf
 * @param {(format: string) => string} options.labelOf a format's visible name
 * @param {(key: string, params?: object) => string} options.t
 */
export function useDownloads({ subject, urlOf, labelOf, t }) {
  const [busy, setBusy] = useState(null);
  const [problem, setProblem] = useState(null);
  const running = useRef(false);
  const start = async (format, layout) => {
    if (running.current) return;
    running.current = true;
    setBusy({ format, layout });
    setProblem(null);
    try {
      const result = await fetchDownload(urlOf(format, layout), `cocrea.${format}`);
      if (result.problem) setProblem({ ...result.problem, format, layout });
      else saveBlob(result.blob, result.filename);
    } finally {
      running.current = false;
      setBusy(null);
    }
  };
  return { subject, urlOf, labelOf, t, busy, problem, start };
}

/**
 * A download link of the group.
 * @param {object} props
 * @param {ReturnType<typeof useDownloads>} props.downloads
 * @param {string} props.format
 * @param {string} [props.layout]
 * @param {string} [props.ariaLabel] a fuller name than the visible one
 */
export function DownloadLink({ downloads, format, layout, ariaLabel }) {
  const { busy, urlOf, labelOf, start, t } = downloads;
  const mine = busy !== null && busy.format === format && busy.layout === layout;
  const onClick = (event) => {
    if (busy !== null) {
      event.preventDefault();
      return;
    }
    if (!isPlainClick(event)) return;
    event.preventDefault();
    start(format, layout);
  };
  return (
    <a
      class="button button--small"
      href={urlOf(format, layout)}
      download
      data-format={format}
      data-layout={layout}
      aria-label={mine ? undefined : ariaLabel}
      aria-disabled={busy !== null ? "true" : undefined}
      aria-busy={mine ? "true" : undefined}
      onClick={onClick}
    >
      {mine ? t("download.rendering", { format: labelOf(format) }) : labelOf(format)}
    </a>
  );
}

/**
 * What the group says: that a file is being made, or why it was refused and
 * what to do instead. Always in the page, so a screen reader hears it change.
 * @param {object} props
 * @param {ReturnType<typeof useDownloads>} props.downloads
 * @param {(layout?: string) => string[]} props.offered the formats this group
 *   offers in a layout (a refusal's `formats` outside them are not offered)
 */
export function DownloadNotice({ downloads, offered }) {
  const { subject, busy, problem, labelOf, start, t } = downloads;
  const alternatives = problem ? offered(problem.layout).filter((f) => problem.formats.includes(f) && f !== problem.format) : [];
  return (
    <div class="download-notice" role="status" aria-live="polite">
      {busy && <p class="download-busy">{t("download.rendering_hint", { format: labelOf(busy.format) })}</p>}
      {problem && (
        <div class="notice notice--error download-problem">
          <p>{problemText(problem, { format: labelOf(problem.format), subject, lang: pageLang() }, t)}</p>
          {(alternatives.length > 0 || problem.code === BUSY) && (
            <p class="download-alternatives">
              {alternatives.length > 0 && <span>{t("download.try_formats")}</span>}
              {alternatives.map((format) => (
                <button
                  key={format}
                  type="button"
                  class="button button--small"
                  disabled={busy !== null}
                  onClick={() => start(format, problem.layout)}
                >
                  {labelOf(format)}
                </button>
              ))}
              {problem.code === BUSY && (
                <button
                  type="button"
                  class="button button--small"
                  disabled={busy !== null}
                  onClick={() => start(problem.format, problem.layout)}
                >
                  {t("download.retry", { format: labelOf(problem.format) })}
                </button>
              )}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
