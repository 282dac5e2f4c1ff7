// The model of an export download (download.js): the saved file's name, the
// refusal read from the server's answer and said in the page's language.
import assert from "node:assert/strict";
import { test } from "node:test";

import { BUSY, FAILED, NETWORK, TOO_LARGE, fetchDownload, filenameOf, problemOf, problemText, retryAfterOf } from "../src/download.js";
import { makeTranslator } from "../src/i18n.js";
import { loadLocale } from "./load-locales.js";

const es = makeTranslator(loadLocale("es"));
const en = makeTranslator(loadLocale("en"));

// The server's answer to a PNG of a tree of 250 elements (server/render_pool.py check_limits).
const TOO_LARGE_BODY = {
  error: {
    code: TOO_LARGE,
    message: "El árbol tiene 250 elementos y 9,000 caracteres; en PNG se exporta hasta 200 elementos…",
    limit: { items: 200, chars: 30000 },
    size: { items: 250, chars: 9000 },
    formats: ["json", "svg"],
  },
};

test("the file name is the UTF-8 filename* first, then the plain filename, else the fallback", () => {
  const header = "attachment; filename=\"arbol-participacion.png\"; filename*=UTF-8''%C3%A1rbol-participaci%C3%B3n.png";
  assert.equal(filenameOf(header, "cocrea.png"), "árbol-participación.png");
  assert.equal(filenameOf('attachment; filename="plan de acci\\"on.pdf"', "x"), 'plan de acci"on.pdf');
  assert.equal(filenameOf("attachment; filename=plan.docx", "x"), "plan.docx");
  assert.equal(filenameOf("attachment; filename*=UTF-8''%E0%A4%A.pdf; filename=\"plan.pdf\"", "x"), "plan.pdf");
  assert.equal(filenameOf(null, "cocrea.json"), "cocrea.json");
  assert.equal(filenameOf("attachment", "cocrea.json"), "cocrea.json");
});

test("Retry-After in seconds or as a date, else the body's retry_after", () => {
  const now = Date.parse("2026-12-07T10:00:00Z");
  assert.equal(retryAfterOf("12", undefined, now), 12);
  assert.equal(retryAfterOf("Mon, 07 Dec 2026 10:00:30 GMT", undefined, now), 30);
  assert.equal(retryAfterOf("Mon, 07 Dec 2026 09:00:00 GMT", undefined, now), 0);
  assert.equal(retryAfterOf(null, 7.2, now), 8);
  assert.equal(retryAfterOf("soon", "7", now), null);
  assert.equal(retryAfterOf(null, undefined, now), null);
});

test("a refusal keeps its code, the formats that work, the limit and the size", () => {
  const problem = problemOf(422, TOO_LARGE_BODY);
  assert.equal(problem.code, TOO_LARGE);
  assert.deepEqual(problem.formats, ["json", "svg"]);
  assert.deepEqual(problem.limit, { items: 200, chars: 30000 });
  assert.deepEqual(problem.size, { items: 250, chars: 9000 });
  assert.equal(problem.retryAfter, null);
  const busy = problemOf(429, { error: { code: BUSY, message: "…", retry_after: 9 } }, "15");
  assert.equal(busy.retryAfter, 15, "the header wins over the body");
  // A body that is not the API's (a proxy's HTML page) still gives a problem.
  assert.equal(problemOf(502, null).code, "http_502");
  assert.equal(problemOf(429, "<html>", "4").code, BUSY);
  assert.deepEqual(problemOf(422, { error: { code: TOO_LARGE, formats: "svg" } }).formats, []);
});

test("each refusal is said in the page's language, with its figures", () => {
  const tooLarge = problemOf(422, TOO_LARGE_BODY);
  assert.equal(
    problemText(tooLarge, { format: "PNG", subject: "tree", lang: "es" }, es),
    "El árbol es demasiado grande para PNG: tiene 250 elementos y 9,000 caracteres; " +
      "en PNG se exporta hasta 200 elementos y 30,000 caracteres.",
  );
  assert.match(problemText(tooLarge, { format: "PDF", subject: "plan", lang: "en" }, en), /^The plan is too big for PDF: it has 250 commitments/);
  const busy = problemOf(429, { error: { code: BUSY } }, "20");
  assert.match(problemText(busy, { format: "PNG", subject: "tree", lang: "es" }, es), /Vuelve a intentarlo en 20 s\.$/);
  assert.match(problemText(problemOf(429, null), { format: "PNG", subject: "tree", lang: "en" }, en), /Try again in a moment\.$/);
  assert.match(problemText(problemOf(503, { error: { code: FAILED } }), { format: "PDF", subject: "plan", lang: "es" }, es), /^PDF tardó demasiado/);
  assert.match(problemText(problemOf(0, { error: { code: NETWORK } }), { format: "SVG", subject: "tree", lang: "en" }, en), /no connection/);
  assert.equal(
    problemText(problemOf(404, { error: { code: "not_found" } }), { format: "SVG", subject: "tree", lang: "es" }, es),
    "No se pudo descargar SVG (error 404). Vuelve a intentarlo.",
  );
});

test("fetching a download asks with the cookies and gives the file or the problem", async () => {
  const asked = [];
  const answer = (response) => async (url, init) => {
    asked.push([url, init]);
    return response;
  };
  const file = await fetchDownload("/api/x/tree/export/svg", "cocrea.svg", {
    fetch: answer(new Response("<svg/>", { headers: { "Content-Disposition": "attachment; filename=\"arbol.svg\"" } })),
  });
  assert.deepEqual(asked[0], ["/api/x/tree/export/svg", { credentials: "same-origin" }]);
  assert.equal(file.filename, "arbol.svg");
  assert.equal(await file.blob.text(), "<svg/>");

  const refused = await fetchDownload("/api/x/tree/export/png", "cocrea.png", {
    fetch: answer(new Response(JSON.stringify(TOO_LARGE_BODY), { status: 422, headers: { "Content-Type": "application/json" } })),
  });
  assert.equal(refused.problem.code, TOO_LARGE);
  assert.deepEqual(refused.problem.formats, ["json", "svg"]);

  const busy = await fetchDownload("/p", "p.pdf", {
    fetch: answer(new Response("Too busy", { status: 429, headers: { "Retry-After": "6" } })),
  });
  assert.equal(busy.problem.code, BUSY);
  assert.equal(busy.problem.retryAfter, 6);

  const offline = await fetchDownload("/p", "p.pdf", {
    fetch: async () => {
      throw new TypeError("Failed to fetch");
    },
  });
  assert.equal(offline.problem.code, NETWORK);
});
