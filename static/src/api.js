// JSON calls to the documented HTTP routes. Errors arrive in one shape,
// {"error": {"code", "message"}}, which becomes an ApiError here.

/** An HTTP error answered by the server (or a network failure, status 0). */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the request never got an answer
   * @param {string} code machine-readable code from the error body
   * @param {string} message human-readable message from the error body
   * @param {string|null} [field] the request field the error is about, when the server says
   * @param {Record<string, any>} [details] the whole error body (e.g. `conflicts` of an `edit_conflict`)
   */
  constructor(status, code, message, field = null, details = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

/** A token this page sends as `Authorization: Bearer` (the display page's, server/displays.py). */
let bearer = "";

/**
 * Sends every later request with this token instead of relying on the cookie.
 * @param {string} token
 */
export const setBearer = (token) => {
  bearer = token || "";
};

/**
 * Sends a JSON request with the session cookie and returns the parsed body.
 * @param {"GET"|"POST"|"PUT"|"PATCH"|"DELETE"} method
 * @param {string} url
 * @param {unknown} [body] sent as JSON; a Blob (a chosen file) is sent as it is, as JSON; a FormData as multipart
 * @param {{networkMessage?: string, signal?: AbortSignal}} [options]
 *   networkMessage: used when the request fails before an answer
 * @returns {Promise<any>}
 * @throws {ApiError}
 */
export const requestJson = async (method, url, body, options = {}) => {
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  // The server words its refusals in the page's language (server/i18n.py):
  // the language switch's cookie says it too, but a page chosen by the
  // browser's own languages has no cookie.
  const lang = typeof document !== "undefined" ? document.documentElement.lang : "";
  if (lang) headers["Accept-Language"] = lang;
  /** @type {RequestInit} */
  const init = { method, credentials: "same-origin", headers };
  if (options.signal) init.signal = options.signal;
  if (typeof FormData !== "undefined" && body instanceof FormData) {
    // multipart/form-data: the browser sets the type with its boundary.
    init.body = body;
  } else if (body !== undefined) {
    init.headers = { ...init.headers, "Content-Type": "application/json" };
    init.body = typeof Blob !== "undefined" && body instanceof Blob ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", options.networkMessage || "Network error");
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && typeof data === "object" && data.error ? data.error : {};
    throw new ApiError(
      response.status,
      String(error.code || response.status),
      String(error.message || `${response.status} ${response.statusText}`),
      typeof error.field === "string" ? error.field : null,
      error,
    );
  }
  return data;
};
