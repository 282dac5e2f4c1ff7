import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EXPORT_FORMATS,
  OGP_FORMATS,
  ORIGINS,
  PLAN_TYPES,
  SECRETARIAT_SECTORS,
  TEMPLATE_MAX_BYTES,
  commitmentOrder,
  detailsForm,
  detailsRequest,
  entrySummary,
  fieldInputId,
  groupIssues,
  issueCounts,
  issuePlace,
  memberRequestIndex,
  moveInOrder,
  newMember,
  newPlanForm,
  newPlanRequest,
  oneYearEnd,
  originLabelKey,
  planExportUrl,
  planPageUrl,
  sectorLabelKey,
  templateFileProblem,
  workshopExportUrl,
} from "../src/plan-model.js";

import { makeTranslator } from "../src/i18n.js";
import { loadLocale } from "./load-locales.js";

const entry = (id, title, extra = {}) => ({
  origin: "co_creado",
  commitment: { id, workshop_id: `w-${id}`, status: "definitivo", sheet: { title } },
  mesa: { title: `Mesa ${id}` },
  ...extra,
});

test("a commitment moves one place up or down, never past the ends", () => {
  const order = ["a", "b", "c"];
  assert.deepEqual(moveInOrder(order, "b", -1), ["b", "a", "c"]);
  assert.deepEqual(moveInOrder(order, "b", 1), ["a", "c", "b"]);
  assert.deepEqual(moveInOrder(order, "a", 1), ["b", "a", "c"]);
  assert.equal(moveInOrder(order, "a", -1), null);
  assert.equal(moveInOrder(order, "c", 1), null);
  assert.equal(moveInOrder(order, "zz", 1), null);
  assert.equal(moveInOrder(order, "b", 0), null);
  assert.deepEqual(order, ["a", "b", "c"], "the order given is not changed");
});

test("the order is the plan's commitments' ids", () => {
  assert.deepEqual(commitmentOrder({ commitments: [entry("x", "X"), entry("y", "Y")] }), ["x", "y"]);
  assert.deepEqual(commitmentOrder({}), []);
});

test("origins have their labels; an unknown origin is named as such", () => {
  assert.deepEqual(ORIGINS, ["co_creado", "proactivo"]);
  assert.equal(originLabelKey("proactivo"), "plan.origin_proactivo");
  assert.equal(originLabelKey("co_creado"), "plan.origin_co_creado");
  assert.equal(originLabelKey("otro"), "plan.origin_unknown");
  const es = loadLocale("es");
  assert.equal(es[originLabelKey("proactivo")], "Proactivo");
  assert.equal(es[originLabelKey("co_creado")], "Co-creado");
});

test("issues are grouped by place, in the page's order, errors first", () => {
  const issues = [
    { field: "commitments.1.roadmap.indicators.0.goal", severity: "warning", message: "w1", rule: "r" },
    { field: "approved_on", severity: "warning", message: "falta aprobación", rule: "approval_pending" },
    { field: "commitments.0.commitment.status", severity: "error", message: "no definitivo", rule: "x" },
    { field: "commitments.1.roadmap", severity: "warning", message: "w2", rule: "r" },
    { field: "commitments.1.commitment.status", severity: "error", message: "e1", rule: "x" },
    { field: "secretariat", severity: "error", message: "sectores", rule: "secretariat_balance" },
    { field: "commitments", severity: "error", message: "sin compromisos", rule: "no_commitments" },
    { field: "commitments.10.roadmap", severity: "warning", message: "w10", rule: "r" },
  ];
  const groups = groupIssues(issues);
  assert.deepEqual(
    groups.map((g) => [g.group, g.index]),
    [
      ["details", -1],
      ["secretariat", -1],
      ["commitments", -1],
      ["commitment", 0],
      ["commitment", 1],
      ["commitment", 10],
    ],
  );
  const second = groups[4];
  assert.deepEqual(
    second.issues.map((i) => i.message),
    ["e1", "w1", "w2"],
  );
  assert.equal(second.errors, 1);
  assert.equal(second.warnings, 2);
  assert.deepEqual(issueCounts(issues), { errors: 4, warnings: 4 });
  assert.deepEqual(groupIssues([]), []);
  assert.deepEqual(groupIssues(undefined), []);
});

test("an issue's place: commitment entries by position, the rest by field", () => {
  assert.deepEqual(issuePlace("commitments.3"), { group: "commitment", index: 3 });
  assert.deepEqual(issuePlace("commitments.12.roadmap.activities.0.end"), { group: "commitment", index: 12 });
  assert.deepEqual(issuePlace("secretariat.2.name"), { group: "secretariat", index: -1 });
  assert.deepEqual(issuePlace("order"), { group: "commitments", index: -1 });
  assert.deepEqual(issuePlace("end"), { group: "details", index: -1 });
  assert.deepEqual(issuePlace(""), { group: "details", index: -1 });
});

test("export addresses: every format, the OGP layout only when asked", () => {
  assert.deepEqual(EXPORT_FORMATS, ["docx", "odt", "pdf", "html", "md", "json", "csv"]);
  assert.deepEqual(OGP_FORMATS, ["docx", "html", "pdf"]);
  assert.equal(planExportUrl("p 1", "docx"), "/api/plans/p%201/export/docx");
  assert.equal(planExportUrl("p1", "pdf", "ogp"), "/api/plans/p1/export/pdf?layout=ogp");
  assert.equal(planExportUrl("p1", "pdf", "plan"), "/api/plans/p1/export/pdf");
  assert.equal(workshopExportUrl("w/1", "csv"), "/api/workshops/w%2F1/export/csv");
  assert.equal(workshopExportUrl("w1", "html", "ogp"), "/api/workshops/w1/export/html?layout=ogp");
  assert.equal(planPageUrl("abc"), "/planes/abc");
});

test("a new plan from a mesa: its entity, local, one year from today", () => {
  const form = newPlanForm("Toluca", new Date(2026, 2, 15));
  assert.deepEqual(form, { title: "", entity: "Toluca", type: "local", start: "2026-03-15", end: "2027-03-14" });
  assert.deepEqual(newPlanRequest("w1", { ...form, entity: "  Toluca ", title: "  " }), {
    workshop_id: "w1",
    entity: "Toluca",
    type: "local",
    start: "2026-03-15",
    end: "2027-03-14",
  });
  assert.equal(newPlanRequest("w1", { ...form, title: " PAL 2026 " }).title, "PAL 2026");
});

test("the default term ends the day before the anniversary, as the server's", () => {
  assert.equal(oneYearEnd("2026-01-01"), "2026-12-31");
  assert.equal(oneYearEnd("2026-03-01"), "2027-02-28");
  assert.equal(oneYearEnd("2028-02-29"), "2029-02-28");
  assert.equal(oneYearEnd("2027-03-01"), "2028-02-29");
  assert.equal(oneYearEnd(""), "");
  assert.equal(oneYearEnd("15/03/2026"), "");
});

test("the details form reads the server's plan and sends it back trimmed", () => {
  const plan = {
    id: "p1",
    title: "PAL",
    entity: "Toluca",
    type: "municipal",
    guarantor: "Instituto de Transparencia",
    start: "2026-01-01",
    end: "2026-12-31",
    approved_on: null,
    secretariat: [{ name: "Ana", organization: "", sector: "sociedad_civil" }, { name: "Luis", sector: "otro" }],
    commitments: [],
  };
  const form = detailsForm(plan);
  assert.equal(form.approved_on, "");
  assert.equal(form.type, "municipal");
  assert.equal(form.secretariat[1].sector, SECRETARIAT_SECTORS[0], "an unknown sector falls back to the first");
  assert.equal(form.secretariat[1].organization, "");
  assert.equal(detailsForm({ type: "estatal" }).type, PLAN_TYPES[0]);

  const edited = {
    ...form,
    title: "  PAL 2026 ",
    approved_on: "2026-02-01",
    secretariat: [
      { name: " Ana ", organization: " OSC ", sector: "sociedad_civil" },
      { name: "", organization: "", sector: "academia" },
      { name: "", organization: "Instituto", sector: "organismo_garante" },
    ],
  };
  const body = detailsRequest(edited);
  assert.equal(body.title, "PAL 2026");
  assert.equal(body.approved_on, "2026-02-01");
  assert.deepEqual(body.secretariat, [
    { name: "Ana", organization: "OSC", sector: "sociedad_civil" },
    { name: "", organization: "Instituto", sector: "organismo_garante" },
  ]);
  assert.equal(detailsRequest(form).approved_on, null);
  assert.deepEqual(memberRequestIndex(edited), [0, 2]);
});

test("a server error's field names the input next to which it shows", () => {
  assert.equal(fieldInputId("end"), "plan-end");
  assert.equal(fieldInputId("approved_on"), "plan-approved_on");
  assert.equal(fieldInputId("secretariat"), "plan-secretariat-add");
  assert.equal(fieldInputId("secretariat.1.name"), "plan-secretariat-1-name");
  assert.equal(fieldInputId("secretariat.1.name", [0, 2]), "plan-secretariat-2-name", "blank rows are not sent");
  assert.equal(fieldInputId("secretariat.0.sector", [3]), "plan-secretariat-3-sector");
  assert.equal(fieldInputId("secretariat.1", [0, 2]), "plan-secretariat-2-name");
  assert.equal(fieldInputId("secretariat.5.name", [0]), "plan-secretariat-add");
  assert.equal(fieldInputId("commitments.0.origin"), null);
  assert.equal(fieldInputId(null), null);
});

test("a new member fills the first required sector still missing", () => {
  assert.equal(newMember([]).sector, "sociedad_civil");
  assert.equal(newMember([{ sector: "sociedad_civil" }]).sector, "servicio_publico");
  assert.equal(
    newMember([{ sector: "sociedad_civil" }, { sector: "servicio_publico" }]).sector,
    "organismo_garante",
  );
  assert.equal(
    newMember([{ sector: "sociedad_civil" }, { sector: "servicio_publico" }, { sector: "organismo_garante" }]).sector,
    "sociedad_civil",
  );
});

test("an entry shows its sheet's title, mesa, status and origin", () => {
  assert.deepEqual(entrySummary(entry("c1", "  Red de enlaces ")), {
    id: "c1",
    workshopId: "w-c1",
    title: "Red de enlaces",
    status: "definitivo",
    origin: "co_creado",
    mesa: "Mesa c1",
  });
  assert.equal(entrySummary({ origin: "proactivo", commitment: { id: "c2" }, mesa: null }).title, "");
});

test("a template must be a .docx of at most 5 MB before it is sent", () => {
  assert.equal(templateFileProblem({ name: "membrete.docx", size: 1000 }), "");
  assert.equal(templateFileProblem({ name: "MEMBRETE.DOCX", size: 1000 }), "");
  assert.equal(templateFileProblem({ name: "membrete.doc", size: 1000 }), "plan.template_not_docx");
  assert.equal(templateFileProblem({ name: "vacío.docx", size: 0 }), "plan.template_empty");
  assert.equal(templateFileProblem({ name: "grande.docx", size: TEMPLATE_MAX_BYTES + 1 }), "plan.template_too_large");
  assert.equal(templateFileProblem(null), "plan.template_none");
});

test("every key the plan builds from a value exists in Spanish and English", () => {
  const keys = [
    ...ORIGINS.map(originLabelKey),
    "plan.origin_unknown",
    ...SECRETARIAT_SECTORS.map(sectorLabelKey),
    ...PLAN_TYPES.map((type) => `plan.type_${type}`),
    ...EXPORT_FORMATS.map((format) => `plan.format_${format}`),
    ...["title", "entity", "type", "guarantor", "start", "end", "approved_on"].map((f) => `plan.field_${f}`),
    ...["details", "secretariat", "commitments"].map((g) => `plan.issues_${g}`),
    ...["plan", "ogp"].map((layout) => `plan.preview_layout_${layout}`),
    ...["none", "not_docx", "empty", "too_large"].map((p) => `plan.template_${p}`),
    ...["preliminar", "en_revision", "definitivo"].map((s) => `commitment_status.${s}`),
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

test("the history tells each change of the plan in words, with its time in central Mexico and its editor", async () => {
  const { historyLine } = await import("../src/plan-model.js");
  const es = makeTranslator(loadLocale("es"));
  const en = makeTranslator(loadLocale("en"));
  const at = "2026-11-21T20:05:00+00:00"; // 14:05 in central Mexico
  const line = (kind, payload, t = es, lang = "es") =>
    historyLine({ seq: 1, kind, payload, actor_id: "editor-5f3a9b2c1d0e", created_at: at }, lang, t);
  const created = line("plan_created", { plan_id: "p" });
  assert.equal(created.text, "Se creó el plan.");
  assert.match(created.when, /21 nov.* 2026.*14:05/);
  assert.equal(created.who, "(editor-5f3a9b2c1d0e)");
  assert.equal(
    line("plan_commitment_attached", { title: "Red de enlaces", origin: "co_creado" }).text,
    "Se agregó el compromiso «Red de enlaces» como co-creado.",
  );
  assert.equal(line("plan_commitment_detached", {}).text, "Se quitó del plan un compromiso.");
  assert.equal(
    line("plan_commitment_origin", { title: "Portal", origin: "proactivo" }, en, "en").text,
    "Marked commitment «Portal» as proactive.",
  );
  assert.equal(
    line("plan_updated", { fields: ["title", "secretariat", "nuevo"] }, en, "en").text,
    "Plan details changed: Plan title, Technical Secretariat, nuevo.",
  );
  assert.equal(
    line("plan_template_uploaded", { filename: "membrete.docx" }, en, "en").text,
    "The institution's template «membrete.docx» was uploaded.",
  );
  assert.equal(line("something_new", {}).text, "something_new");
});

test("the history tells the follow-up's events in words: publication, links, reports, verifications, measurements, reviews", async () => {
  const { historyLine } = await import("../src/plan-model.js");
  const es = makeTranslator(loadLocale("es"));
  const en = makeTranslator(loadLocale("en"));
  const line = (kind, payload, t = es, lang = "es") =>
    historyLine({ seq: 1, kind, payload, actor_id: "editor-1", created_at: "2026-11-21T20:05:00+00:00" }, lang, t)
      .text;
  assert.equal(line("plan_published", {}), "Se publicó el plan.");
  assert.equal(line("follow_up_link_created", { role: "verificador" }), "Se creó un enlace privado: Organismo garante.");
  assert.equal(
    line("follow_up_update", { status: "por_verificar", role: "responsable" }),
    "Persona servidora pública responsable reportó una actividad: Por verificar.",
  );
  assert.equal(
    line("follow_up_verification", { status: "devuelta", role: "verificador" }, en, "en"),
    "Guarantor body reviewed an activity: Returned.",
  );
  assert.equal(
    line("follow_up_measurement", { period: "2026-05", value: 12, role: "corresponsable" }),
    "Organización corresponsable registró un indicador: 12 en 2026-05.",
  );
  assert.equal(
    line("follow_up_review", { review: "seguimiento_semestral", role: "verificador" }),
    "Se registró la revisión: Seguimiento semestral.",
  );
});

test("a plan without a title is named as its documents name it", async () => {
  const { planTitle } = await import("../src/plan-model.js");
  const es = makeTranslator(loadLocale("es"));
  const en = makeTranslator(loadLocale("en"));
  assert.equal(planTitle({ title: " Mi plan ", type: "local", entity: "Toluca" }, es), "Mi plan");
  assert.equal(
    planTitle({ title: "", type: "local", entity: "Estado de México" }, es),
    "Plan de Acción Local de Gobierno Abierto: Estado de México",
  );
  assert.equal(planTitle({ title: "", type: "municipal", entity: "Toluca" }, en), "Municipal Action Plan for Open Government: Toluca");
  assert.equal(planTitle({}, es), "Plan de Acción sin título");
});
