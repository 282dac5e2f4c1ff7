// Downloading an export without leaving the page: the file is fetched (with
// the cookies the plain link used), saved through a Blob and an object URL,
// and a refusal (422 too big for the format, 429 queue full, 503 render
// stopped; docs/export-formats.md «Limits and the render pool») becomes a
// message for the page instead of raw JSON in a new tab.

/** The refusals the render pool answers, each with its own message key. */
export const TOO_LARGE = "too_large_to_render";
export const BUSY = "render_busy";
export const FAILED = "render_failed";
/** No answer at all (offline, server down). */
export const NETWORK = "network";

/** How long a saved file's object URL lives (the browser has started the save). */
const REVOKE_AFTER_MS = 60_000;

/**
 * The file name of a `Content-Disposition` header: the RFC 6266 `filename*`
 * (UTF-8, accents included) first, then the plain `filename`, else `fallback`.
 * @param {string|null|undefined} disposition
 * @param {string} fallback
 * @returns {string}
 */
export const filenameOf = (disposition, fallback) => {
  const header = disposition || "";
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      const name = decodeURIComponent(extended[2].trim());
      if (name) return name;
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (plain) {
    const name = (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, "$1") : plain[2]).trim();
    if (name) return name;
  }
  return fallback;
};

/**
 * Seconds to wait from a `Retry-After` header (seconds or an HTTP date),
 * else from the body's `retry_after`; null when neither says.
 * @param {string|null|undefined} header
 * @param {unknown} bodyValue
 * @param {number} [now] ms since the epoch
 * @returns {number|null}
 */
export const retryAfterOf = (header, bodyValue, now = Date.now()) => {
  const text = (header || "").trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (text) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  return Number.isFinite(bodyValue) && bodyValue >= 0 ? Math.ceil(bodyValue) : null;
};

/**
 * The problem of a refused download, from its status, parsed body (or null)
 * and `Retry-After` header.
 * @param {number} status
 * @param {any} body
 * @param {string|null} [retryAfter]
 * @param {number} [now]
 * @returns {{status: number, code: string, message: string, formats: string[],
 *   retryAfter: number|null, limit: {items: number, chars: number}|null,
 *   size: {items: number, chars: number}|null}}
 */
export const problemOf = (status, body, retryAfter = null, now = Date.now()) => {
  const error = body && typeof body === "object" && body.error && typeof body.error === "object" ? body.error : {};
  const code = typeof error.code === "string" ? error.code : status === 429 ? BUSY : `http_${status}`;
  return {
    status,
    code,
    message: typeof error.message === "string" ? error.message : "",
    formats: Array.isArray(error.formats) ? error.formats.filter((f) => typeof f === "string") : [],
    retryAfter: status === 429 || code === BUSY ? retryAfterOf(retryAfter, error.retry_after, now) : null,
    limit: error.limit && typeof error.limit === "object" ? error.limit : null,
    size: error.size && typeof error.size === "object" ? error.size : null,
  };
};

/**
 * What the page says about a problem, in its language.
 * @param {ReturnType<typeof problemOf>} problem
 * @param {{format: string, subject: "tree"|"plan"|"minuta", lang: string}} context the format's label
 * @param {(key: string, params?: object) => string} t
 * @returns {string}
 */
export const problemText = (problem, { format, subject, lang }, t) => {
  const number = (n) => (Number.isFinite(n) ? new Intl.NumberFormat(lang === "en" ? "en" : "es-MX").format(n) : "?");
  switch (problem.code) {
    case TOO_LARGE:
      return t(`download.too_large_${subject === "plan" ? "plan" : "tree"}`, {
        format,
        items: number(problem.size?.items),
        chars: number(problem.size?.chars),
        limit_items: number(problem.limit?.items),
        limit_chars: number(problem.limit?.chars),
      });
    case BUSY:
      return problem.retryAfter === null
        ? t("download.busy_later", { format })
        : t("download.busy_retry", { format, seconds: problem.retryAfter });
    case FAILED:
      return t("download.failed_render", { format });
    case NETWORK:
      return t("download.network", { format });
    default:
      return t("download.failed", { format, status: problem.status });
  }
};

/**
 * Fetches a download: the file and its name, or the problem.
 * @param {string} url
 * @param {string} fallbackName the name when the answer gives none
 * @param {{fetch?: typeof fetch, now?: () => number}} [deps]
 * @returns {Promise<{blob: Blob, filename: string} | {problem: ReturnType<typeof problemOf>}>}
 */
export const fetchDownload = async (url, fallbackName, { fetch: fetchImpl = globalThis.fetch, now = Date.now } = {}) => {
  let response;
  try {
    response = await fetchImpl(url, { credentials: "same-origin" });
  } catch {
    return { problem: problemOf(0, { error: { code: NETWORK } }) };
  }
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { problem: problemOf(response.status, body, response.headers.get("Retry-After"), now()) };
  }
  try {
    const blob = await response.blob();
    return { blob, filename: filenameOf(response.headers.get("Content-Disposition"), fallbackName) };
  } catch {
    return { problem: problemOf(0, { error: { code: NETWORK } }) };
  }
};

/**
 * Hands a fetched file to the browser's save: an object URL on a link that
 * is clicked once and removed.
 * @param {Blob} blob
 * @param {string} filename
 * @param {Document} [doc]
 */
export const saveBlob = (blob, filename, doc = document) => {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
};

/**
 * A plain left click that the page may take over (not a modified click meant
 * to open the link in a new tab or save it).
 * @param {MouseEvent} event
 * @returns {boolean}
 */
export const isPlainClick = (event) =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
