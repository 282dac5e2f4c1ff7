import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { ROADMAP_ITEMS } from "../src/document-schema.js";
import {
  ACTIVITY_KEYS,
  DIRECTIONS,
  INDICATOR_KEYS,
  ITEM_KINDS,
  MAX_ITEMS,
  RESPONSIBLE_KEYS,
  SECTIONS,
  addItem,
  countText,
  draftFromMap,
  fieldId,
  findRoadmap,
  isFullWeight,
  issueCounts,
  isFault,
  issueFromError,
  issuesByField,
  itemsOf,
  linesOf,
  newItem,
  numberText,
  parseNumber,
  removeItem,
  sameAsAgreed,
  sectionOf,
  setPlain,
  weightTotal,
} from "../src/roadmap-model.js";
import { loadLocale } from "./load-locales.js";

/** A commitment's map as the server seeds it: every key, empty. */
const seeded = (doc, commitmentId = "c1") => {
  const roadmap = new Y.Map();
  doc.getMap(ROADMAP_ITEMS).set(commitmentId, roadmap);
  const responsible = new Y.Map();
  roadmap.set("responsible", responsible);
  for (const key of ["name", "position", "institution"]) responsible.set(key, new Y.Text());
  for (const key of ["organizations", "activities", "indicators"]) roadmap.set(key, new Y.Array());
  for (const key of ["result", "products", "verification"]) roadmap.set(key, new Y.Text());
  roadmap.set("start", null);
  roadmap.set("end", null);
  return roadmap;
};

const EMPTY_DRAFT = {
  responsible: { name: "", position: "", institution: "" },
  organizations: [],
  activities: [],
  result: "",
  products: [],
  indicators: [],
  verification: [],
  start: null,
  end: null,
};

test("a seeded, empty hoja de ruta reads as an empty draft", () => {
  const doc = new Y.Doc();
  assert.equal(findRoadmap(doc, "c1"), null);
  const roadmap = seeded(doc);
  assert.equal(findRoadmap(doc, "c1"), roadmap);
  assert.deepEqual(draftFromMap(roadmap), EMPTY_DRAFT);
});

test("the draft has texts trimmed, line lists as non-blank lines and plain values as they are", () => {
  const doc = new Y.Doc();
  const roadmap = seeded(doc);
  roadmap.get("responsible").get("name").insert(0, "  Lucía Pérez ");
  roadmap.get("result").insert(0, "Un portal\ncon datos abiertos\n");
  roadmap.get("products").insert(0, "Portal\n\n  Informe trimestral  \r\n");
  setPlain(roadmap, "start", "2026-03-01");
  setPlain(roadmap, "end", "");
  const activityId = addItem(roadmap, "activities");
  const [activity] = itemsOf(roadmap, "activities");
  assert.equal(activity.get("id"), activityId);
  activity.get("description").insert(0, "Taller");
  activity.get("verification").insert(0, "Lista de asistencia\nFotos");
  setPlain(activity, "weight", 40);
  setPlain(activity, "end", "2026-05-31");
  addItem(roadmap, "indicators");
  const [indicator] = itemsOf(roadmap, "indicators");
  setPlain(indicator.get("baseline"), "value", 0);
  setPlain(indicator.get("baseline"), "year", 2025);
  setPlain(indicator, "direction", "ascendente");

  const draft = draftFromMap(roadmap);
  assert.equal(draft.responsible.name, "Lucía Pérez");
  assert.equal(draft.result, "Un portal\ncon datos abiertos");
  assert.deepEqual(draft.products, ["Portal", "Informe trimestral"]);
  assert.equal(draft.start, "2026-03-01");
  assert.equal(draft.end, null);
  assert.deepEqual(draft.activities, [
    {
      description: "Taller",
      responsible: "",
      start: null,
      end: "2026-05-31",
      products: [],
      verification: ["Lista de asistencia", "Fotos"],
      weight: 40,
    },
  ]);
  assert.deepEqual(draft.indicators[0], {
    name: "",
    definition: "",
    method: "",
    unit: "",
    frequency: "",
    baseline: { value: 0, year: 2025 },
    goal: null,
    direction: "ascendente",
    verification: [],
  });
  assert.ok(!("id" in draft.activities[0]), "the check reads the shape of roadmap_to_dict, without item ids");
});

test("values of the wrong type reach the check as they are, so it can name them", () => {
  const doc = new Y.Doc();
  const roadmap = seeded(doc);
  roadmap.set("result", 42);
  roadmap.set("products", "Uno\nDos");
  roadmap.get("activities").push(["not a map", newItem("activities", "a1")]);
  itemsOf(roadmap, "activities")[0].set("weight", "cincuenta");
  const draft = draftFromMap(roadmap);
  assert.equal(draft.result, 42);
  assert.deepEqual(draft.products, ["Uno", "Dos"]);
  assert.equal(draft.activities.length, 1, "only Y.Map items are activities");
  assert.equal(draft.activities[0].weight, "cincuenta");
});

test("a new item has a fresh id and every key, texts as Y.Text and plain values null", () => {
  const doc = new Y.Doc();
  const roadmap = seeded(doc);
  const a = addItem(roadmap, "activities");
  const b = addItem(roadmap, "activities");
  assert.notEqual(a, b);
  const [activity] = itemsOf(roadmap, "activities");
  for (const key of ACTIVITY_KEYS) assert.ok(activity.has(key), key);
  assert.ok(activity.get("description") instanceof Y.Text);
  assert.ok(activity.get("products") instanceof Y.Text);
  assert.equal(activity.get("weight"), null);
  const indicator = newItem("indicators", "i1");
  doc.getArray("scratch").push([indicator]);
  for (const key of INDICATOR_KEYS) assert.ok(indicator.has(key), key);
  assert.deepEqual(indicator.get("baseline").toJSON(), { value: null, year: null });
  const organization = newItem("organizations", "o1");
  doc.getArray("scratch").push([organization]);
  assert.deepEqual(Object.keys(organization.toJSON()).sort(), ["contact", "id", "name"]);
  assert.throws(() => newItem("nope"));
});

test("an item is removed by id wherever it moved, and lists stop at the server's limit", () => {
  const doc = new Y.Doc();
  const roadmap = seeded(doc);
  const first = addItem(roadmap, "organizations");
  const second = addItem(roadmap, "organizations");
  itemsOf(roadmap, "organizations")[1].get("name").insert(0, "Colectivo Toluca");
  assert.equal(removeItem(roadmap, "organizations", first), true);
  assert.equal(removeItem(roadmap, "organizations", first), false);
  assert.deepEqual(draftFromMap(roadmap).organizations, [{ name: "Colectivo Toluca", contact: "" }]);
  assert.equal(itemsOf(roadmap, "organizations")[0].get("id"), second);
  for (let i = 1; i < MAX_ITEMS.organizations; i += 1) assert.ok(addItem(roadmap, "organizations"));
  assert.equal(addItem(roadmap, "organizations"), null);
  assert.equal(addItem(roadmap, "nowhere"), null);
});

test("the weights' total counts the numbers only and reaches 100 within the server's tolerance", () => {
  assert.equal(weightTotal([{ weight: 40 }, { weight: 50 }, { weight: null }, { weight: "10" }]), 90);
  assert.equal(weightTotal([{ weight: 33.33 }, { weight: 33.33 }, { weight: 33.34 }]), 100);
  assert.equal(isFullWeight(weightTotal([{ weight: 33.33 }, { weight: 33.33 }, { weight: 33.34 }])), true);
  assert.equal(isFullWeight(90), false);
  assert.equal(weightTotal([]), 0);
});

test("numbers are read as people type them", () => {
  assert.deepEqual(parseNumber(""), { ok: true, value: null });
  assert.deepEqual(parseNumber(" 12 "), { ok: true, value: 12 });
  assert.deepEqual(parseNumber("12,5"), { ok: true, value: 12.5 });
  assert.deepEqual(parseNumber("-0.25"), { ok: true, value: -0.25 });
  assert.deepEqual(parseNumber("1 000"), { ok: true, value: 1000 });
  assert.equal(parseNumber("12.").ok, true);
  assert.equal(parseNumber("doce").ok, false);
  assert.equal(parseNumber("1e5").ok, false);
  assert.equal(parseNumber("2025.5", { integer: true }).ok, false);
  assert.deepEqual(parseNumber("2025", { integer: true }), { ok: true, value: 2025 });
  assert.equal(numberText(12.5), "12.5");
  assert.equal(numberText(null), "");
  assert.equal(numberText(Number.NaN), "");
});

test("issues are found by field path and counted by severity", () => {
  const issues = [
    { field: "activities.2.end", severity: "error", message: "Termina antes", rule: "activity_dates_order" },
    { field: "activities", severity: "error", message: "Suman 90 %", rule: "weights_total" },
    { field: "activities.2.end", severity: "error", message: "Después del compromiso", rule: "x" },
    { field: "indicators.0.goal", severity: "warning", message: "Sentido", rule: "indicator_direction" },
    null,
  ];
  const byField = issuesByField(issues);
  assert.deepEqual(
    byField.get("activities.2.end").map((i) => i.message),
    ["Termina antes", "Después del compromiso"],
  );
  assert.equal(byField.get("activities.0.end"), undefined);
  assert.deepEqual(issueCounts(issues), { errors: 3, warnings: 1 });
  assert.equal(isFault(issues[0]), true);
  assert.equal(isFault(issues[3]), false, "a warning does not mark the field invalid");
  assert.equal(isFault({ field: "result", severity: "error", message: "Falta", rule: "required" }), false);
  assert.equal(sectionOf("activities.2.end"), "activities");
  assert.equal(sectionOf("end"), "dates");
  assert.equal(sectionOf("responsible.name"), "responsible");
  assert.deepEqual(issueFromError({ message: "«Resultado final» debe ser texto.", field: "result" }), {
    field: "result",
    severity: "error",
    message: "«Resultado final» debe ser texto.",
    rule: "format",
  });
  assert.equal(fieldId("rm-c1", "indicators.0.baseline.value"), "rm-c1-indicators-0-baseline-value");
});

test("a draft changed after the agreement no longer matches it", () => {
  const agreed = {
    ...EMPTY_DRAFT,
    result: "Portal",
    activities: [
      { description: "Taller", responsible: "", start: null, end: null, products: [], verification: [], weight: 100 },
    ],
    agreed_at: "2026-03-02T17:30:00+00:00",
    agreed_by: "p1",
  };
  const draft = { ...EMPTY_DRAFT, result: "Portal", activities: [{ ...agreed.activities[0] }] };
  assert.equal(sameAsAgreed(draft, agreed), true);
  assert.equal(sameAsAgreed({ ...draft, result: "Portal abierto" }, agreed), false);
  assert.equal(sameAsAgreed({ ...draft, activities: [{ ...draft.activities[0], weight: 90 }] }, agreed), false);
  assert.equal(sameAsAgreed(draft, null), false);
});

test("every message key the form builds from the model's names exists in Spanish and English", () => {
  const kinds = Object.keys(ITEM_KINDS);
  const keys = [
    ...SECTIONS.flatMap((s) => [`roadmap.section_${s}`, `roadmap.section_hint_${s}`]),
    ...RESPONSIBLE_KEYS.map((k) => `roadmap.field_responsible_${k}`),
    ...DIRECTIONS.map((d) => `roadmap.direction_${d}`),
    ...kinds.flatMap((k) => [`roadmap.item_${k}`, `roadmap.none_${k}`, `roadmap.add_${k}`]),
    ...["errors", "warnings", "agree_blocked", "agree_warnings"].flatMap((k) => [
      `roadmap.${k}_one`,
      `roadmap.${k}_other`,
    ]),
  ];
  for (const lang of ["es", "en"]) {
    const messages = loadLocale(lang);
    assert.deepEqual(
      keys.filter((key) => !(key in messages)),
      [],
      lang,
    );
  }
  const es = Object.keys(loadLocale("es")).filter((k) => k.startsWith("roadmap."));
  const en = Object.keys(loadLocale("en")).filter((k) => k.startsWith("roadmap."));
  assert.deepEqual(es.sort(), en.sort());
});

test("counted messages pick the singular for one", () => {
  const t = (key, params) => `${key}${params ? `:${params.count}` : ""}`;
  assert.equal(countText(t, "roadmap.errors", 1), "roadmap.errors_one");
  assert.equal(countText(t, "roadmap.errors", 0), "roadmap.errors_other:0");
  assert.equal(countText(t, "roadmap.errors", 3), "roadmap.errors_other:3");
});
