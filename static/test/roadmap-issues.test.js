// The live check's issues in English, made from the server's rule and facts
// (the Spanish page keeps the server's own sentences).
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeTranslator } from "../src/i18n.js";
import { fieldLabel, localizeIssues, localizePlanIssues } from "../src/roadmap-issues.js";
import { loadLocale } from "./load-locales.js";

const en = makeTranslator(loadLocale("en"));
const issue = (rule, field, params = {}, message = "Mensaje del servidor.") => ({
  field,
  severity: "error",
  message,
  rule,
  params,
});
const english = (...issues) => localizeIssues(issues, en, "en").map((i) => i.message);

test("fields are named as the form labels them", () => {
  assert.equal(fieldLabel("responsible.position", en), "Responsible public servant: Position");
  assert.equal(fieldLabel("activities.1.description", en), "Activity 2: Description");
  assert.equal(fieldLabel("indicators.0.baseline.year", en), "Indicator 1: Baseline (year)");
  assert.equal(fieldLabel("organizations.2.name", en), "Organization 3: Name");
  assert.equal(fieldLabel("end", en), "Commitment end date");
  assert.equal(fieldLabel("activities.x.description", en), "");
  assert.equal(fieldLabel("nothing.here", en), "");
});

test("every rule of the server's check reads in English with its facts", () => {
  assert.deepEqual(
    english(
      issue("required", "activities.0.weight"),
      issue("required", "indicators"),
      issue("commitment_dates_order", "end", { start: "2023-06-30", end: "2022-01-20" }),
      issue("activity_dates_order", "activities.3.end", { n: 4, start: "2023-04-29", end: "2023-04-28" }),
      issue("activity_within_commitment", "activities.5.end", { n: 6, date: "2023-07-15", limit: "2023-06-30" }),
      issue("activity_within_commitment", "activities.0.start", { n: 1, date: "2022-01-10", limit: "2022-01-20" }),
      issue("commitment_within_term", "end", { term_start: "2022-01-20", term_end: "2023-01-19", plan_term: false }),
      issue("weights_total", "activities", { total: 95.5, goal: 100 }),
      issue("indicator_baseline", "indicators.1.baseline.value", { n: 2, name: "Foros", missing: ["value", "year"] }),
      issue("indicator_goal", "indicators.0.goal", { n: 1, name: "" }),
      issue("indicator_direction", "indicators.1.goal", {
        n: 2,
        name: "Foros",
        direction: "ascendente",
        goal: 2,
        baseline: 4,
      }),
      issue("indicator_verification", "indicators.0.verification", { n: 1 }),
    ),
    [
      "Missing «Activity 1: Weight».",
      "At least one indicator is missing.",
      "The commitment's end date (January 20, 2022) is before its start date (June 30, 2023).",
      "Activity 4 ends (April 28, 2023) before it starts (April 29, 2023).",
      "Activity 6 ends (July 15, 2023) after the commitment (June 30, 2023).",
      "Activity 1 starts (January 10, 2022) before the commitment (January 20, 2022).",
      "The commitment ends after its one-year term from its start (January 20, 2022 to January 19, 2023).",
      "The activities' weights add up to 95.5 %; they must add up to 100 %.",
      "Indicator 2 («Foros») has no complete baseline: its value and year are missing.",
      "Indicator 1 has no goal.",
      "Indicator 2 («Foros») is increasing, but its goal (2) does not go that way from the baseline (4).",
      "Indicator 1 has no means of verification.",
    ],
  );
});

test("Spanish keeps the server's sentence; an unknown rule or field keeps it in any language", () => {
  const issues = [issue("weights_total", "activities", { total: 95, goal: 100 }, "Los pesos suman 95 %.")];
  assert.equal(localizeIssues(issues, en, "es")[0].message, "Los pesos suman 95 %.");
  assert.deepEqual(english(issue("format", "start"), issue("required", "mystery.0.x")), [
    "Mensaje del servidor.",
    "Mensaje del servidor.",
  ]);
  assert.deepEqual(localizeIssues(null, en, "en"), []);
});

test("the plan's findings read in English, a commitment's hoja de ruta ones with its number", () => {
  const plan = localizePlanIssues(
    [
      issue("secretariat_balance", "secretariat", { missing: ["servicio_publico", "organismo_garante"] }),
      issue("approval_pending", "approved_on"),
      issue("commitment_not_definitive", "commitments.1.commitment.status", { commitment: 2 }),
      issue("roadmap_not_agreed", "commitments.1.roadmap", { commitment: 2 }),
      issue("weights_total", "commitments.1.roadmap.activities", { total: 90, goal: 100, commitment: 2 }),
      issue("required", "commitments.0.roadmap.responsible.name", { commitment: 1 }),
      issue("required", "commitments.0.roadmap.nowhere", { commitment: 1 }),
    ],
    en,
    "en",
  ).map((i) => i.message);
  assert.deepEqual(plan, [
    "The Secretariado Técnico lacks representation of: public service, transparency authority.",
    "The plan's approval date is missing.",
    "Commitment 2 is not definitive yet.",
    "The roadmap of commitment 2 has not been agreed.",
    "Commitment 2: The activities' weights add up to 90 %; they must add up to 100 %.",
    "Commitment 1: Missing «Responsible public servant: Name».",
    "Mensaje del servidor.",
  ]);
});
