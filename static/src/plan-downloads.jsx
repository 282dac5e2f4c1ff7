// Download links of a plan document, shared by the plan page and the room's
// «Compromiso» tab: every format, then the OGP commitment template layout.
// Real links (the session or editor cookie authenticates them) whose click
// fetches the file in the page (download-links.jsx): a document too big for
// a format is said next to them, with the formats that do take it.

import { DownloadLink, DownloadNotice, useDownloads } from "./download-links.jsx";
import { EXPORT_FORMATS, LAYOUT_OGP, OGP_FORMATS } from "./plan-model.js";

/**
 * @param {object} props
 * @param {(format: string, layout?: string) => string} props.urlOf the export address of a format
 * @param {string[]} [props.formats] the formats to offer (all by default)
 * @param {string} props.idPrefix makes the labels' ids unique on the page
 * @param {(key: string, params?: object) => string} props.t
 */
export function ExportLinks({ urlOf, formats = EXPORT_FORMATS, idPrefix, t }) {
  const ogp = OGP_FORMATS.filter((format) => formats.includes(format));
  const downloads = useDownloads({ subject: "plan", urlOf, labelOf: (format) => t(`plan.format_${format}`), t });
  return (
    <div class="plan-exports">
      <div class="plan-export-row">
        <p class="plan-export-label" id={`${idPrefix}-formats`}>
          {t("plan.download_formats")}
        </p>
        <ul class="plan-export-links" aria-labelledby={`${idPrefix}-formats`}>
          {formats.map((format) => (
            <li key={format}>
              <DownloadLink downloads={downloads} format={format} />
            </li>
          ))}
        </ul>
      </div>
      {ogp.length > 0 && (
      <div class="plan-export-row">
        <p class="plan-export-label" id={`${idPrefix}-ogp`}>
          {t("plan.download_ogp")}
        </p>
        <ul class="plan-export-links" aria-labelledby={`${idPrefix}-ogp`}>
          {ogp.map((format) => (
            <li key={format}>
              <DownloadLink
                downloads={downloads}
                format={format}
                layout={LAYOUT_OGP}
                ariaLabel={t("plan.download_ogp_aria", { format: t(`plan.format_${format}`) })}
              />
            </li>
          ))}
        </ul>
      </div>
      )}
      <DownloadNotice downloads={downloads} offered={(layout) => (layout === LAYOUT_OGP ? ogp : formats)} />
    </div>
  );
}
