// The feasibility and viability review without the DOM: permissions by role
// and phase, the requests checked before sending, the table updated with an
// answer, and every message key the view builds from a value.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DISPOSITIONS } from "../src/alternatives-model.js";
import {
  ASSESSMENT_PHASES,
  CRITERIA_MAX,
  LEVELS,
  LEVEL_NONE,
  NOTE_MAX,
  canAssess,
  canEditCriteria,
  cellRequest,
  criteriaDraft,
  criteriaRequest,
  levelKey,
  summaryParts,
  withCell,
} from "../src/assessment-model.js";
import { loadLocale } from "./load-locales.js";

test("only the facilitator records, in the review's phases, never from the projector", () => {
  for (const phase of ASSESSMENT_PHASES) assert.equal(canAssess("facilitator", phase, false), true, phase);
  assert.equal(canAssess("facilitator", "cierre", false), false);
  assert.equal(canAssess("facilitator", "arbol_de_objetivos", false), false);
  assert.equal(canAssess("facilitator", "votacion", true), false);
  assert.equal(canAssess("participant", "votacion", false), false);
  assert.equal(canAssess("observer", "votacion", false), false);
  assert.equal(canEditCriteria("facilitator", "preparacion", false), true);
  assert.equal(canEditCriteria("facilitator", "cierre", false), false);
  assert.equal(canEditCriteria("participant", "alternativas", false), false);
});

test("a cell request carries a level or null and a trimmed note of at most 1000 characters", () => {
  assert.deepEqual(cellRequest({ criterion: "impacto", level: "alta", note: "  Alto  " }), {
    body: { criterion: "impacto", level: "alta", note: "Alto" },
    problem: null,
  });
  assert.deepEqual(cellRequest({ criterion: "impacto", level: "", note: "" }).body, {
    criterion: "impacto",
    level: null,
    note: "",
  });
  assert.equal(cellRequest({ criterion: "impacto", level: "altísima", note: "" }).problem, "level");
  assert.equal(cellRequest({ criterion: "impacto", level: "baja", note: "x".repeat(NOTE_MAX + 1) }).problem, "note");
  assert.equal(cellRequest({ criterion: "impacto", level: "baja", note: "ñ".repeat(NOTE_MAX) }).problem, null);
});

test("the criteria request keeps ids, leaves new ones to the server and names the first problem", () => {
  const draft = [...criteriaDraft([{ id: "impacto", label: "Impacto esperado" }]), { id: null, label: " Costo " }];
  assert.deepEqual(criteriaRequest(draft), {
    body: { criteria: [{ id: "impacto", label: "Impacto esperado" }, { label: "Costo" }] },
    problem: null,
    index: -1,
  });
  assert.deepEqual(criteriaRequest([]), { body: null, problem: "count", index: -1 });
  const many = Array.from({ length: CRITERIA_MAX + 1 }, (_, i) => ({ id: null, label: `C${i}` }));
  assert.equal(criteriaRequest(many).problem, "count");
  assert.equal(criteriaRequest(many.slice(1)).problem, null);
  assert.deepEqual(criteriaRequest([{ id: null, label: "A" }, { id: null, label: "  " }]), {
    body: null,
    problem: "label",
    index: 1,
  });
  assert.deepEqual(criteriaRequest([{ id: "a", label: "Costo" }, { id: null, label: "COSTO" }]).problem, "duplicate");
  assert.equal(criteriaRequest([{ id: null, label: "x".repeat(121) }]).problem, "long");
});

test("an answer replaces one cell and the summary, and nothing else", () => {
  const review = {
    criteria: [{ id: "impacto", label: "Impacto" }],
    alternatives: [
      { alternative_id: "a1", cells: { impacto: null }, summary: { counts: {}, pending: ["impacto"] } },
      { alternative_id: "a2", cells: { impacto: null }, summary: { counts: {}, pending: ["impacto"] } },
    ],
  };
  const answer = {
    criterion: "impacto",
    level: "media",
    note: "n",
    updated_by: "f",
    updated_at: "2026-11-21T12:00:00+00:00",
    revision: 3,
    summary: { counts: { alta: 0, media: 1, baja: 0 }, pending: [] },
  };
  const next = withCell(review, "a2", answer);
  assert.equal(next.alternatives[0], review.alternatives[0]);
  assert.deepEqual(next.alternatives[1].cells.impacto, {
    level: "media",
    note: "n",
    updated_by: "f",
    updated_at: "2026-11-21T12:00:00+00:00",
    revision: 3,
  });
  assert.deepEqual(next.alternatives[1].summary, answer.summary);
  assert.equal(review.alternatives[1].cells.impacto, null);
  assert.equal(withCell(null, "a1", answer), null);
});

test("the summary reads in level order with the pending count last", () => {
  assert.deepEqual(summaryParts({ counts: { alta: 2, baja: 1 }, pending: ["x", "y"] }), [
    { level: "alta", count: 2 },
    { level: "media", count: 0 },
    { level: "baja", count: 1 },
    { level: LEVEL_NONE, count: 2 },
  ]);
  assert.deepEqual(
    summaryParts(undefined).map((p) => p.count),
    [0, 0, 0, 0],
  );
  assert.equal(levelKey("alta"), "assessment.level_alta");
  assert.equal(levelKey(null), "assessment.level_none");
  assert.equal(levelKey("otra"), "assessment.level_none");
});

test("every key built from a value exists in Spanish and English", () => {
  const keys = [
    ...[...LEVELS, LEVEL_NONE].map((level) => `assessment.level_${level}`),
    ...["level", "note"].map((p) => `assessment.needs_${p}`),
    ...["count", "label", "long", "duplicate"].map((p) => `assessment.criteria_needs_${p}`),
    ...["count", "title", "duplicate"].map((p) => `split.needs_${p}`),
    ...["list", "review"].map((v) => `assessment.view_${v}`),
    ...DISPOSITIONS.map((d) => `disposition.${d}`),
  ];
  for (const lang of ["es", "en"]) {
    const messages = loadLocale(lang);
    assert.deepEqual(
      keys.filter((key) => !(key in messages)),
      [],
      lang,
    );
  }
});
