import assert from "node:assert/strict";
import { test } from "node:test";
import {
  afterSave,
  changedFields,
  conflictsOf,
  detailsEdit,
  detailsStart,
  followServer,
  settleConflict,
  storedText,
  touchedFields,
} from "../src/plan-edit-model.js";
import { detailsForm } from "../src/plan-model.js";

const PLAN = {
  id: "p",
  title: "Plan 2026",
  entity: "Toluca",
  type: "municipal",
  guarantor: "",
  start: "2026-01-01",
  end: "2026-12-31",
  approved_on: null,
  secretariat: [{ name: "Ana", organization: "", sector: "academia" }],
  commitments: [],
};
const t = (key, params) => (params ? `${key}:${JSON.stringify(params)}` : key);
const fresh = (plan = PLAN) => ({ form: detailsForm(plan), start: detailsStart(plan) });

test("the start is the plan as stored, no date as null", () => {
  const start = detailsStart(PLAN);
  assert.equal(start.approved_on, null);
  assert.deepEqual(start.secretariat, PLAN.secretariat);
  assert.equal(detailsStart({}).end, null);
});

test("a save sends only the changed fields, each with its base", () => {
  const { form, start } = fresh();
  assert.deepEqual(detailsEdit(form, start), { changes: {}, base: {} });
  const typed = { ...form, title: " Plan de Ana ", approved_on: "2026-02-01" };
  assert.deepEqual(changedFields(typed, start), ["title", "approved_on"]);
  assert.deepEqual(detailsEdit(typed, start), {
    changes: { title: "Plan de Ana", approved_on: "2026-02-01" },
    base: { title: "Plan 2026", approved_on: null },
  });
  // A blank new member is no change to send, but the field is touched.
  const blank = { ...form, secretariat: [...form.secretariat, { name: "", organization: "", sector: "academia" }] };
  assert.deepEqual(changedFields(blank, start), []);
  assert.deepEqual(touchedFields(blank, start), ["secretariat"]);
});

test("untouched fields follow the server; touched ones keep the text and their base", () => {
  const state = fresh();
  const typed = { ...state, form: { ...state.form, entity: "Metepec" } };
  const later = { ...PLAN, title: "Plan de otra persona", entity: "Zinacantepec" };
  const next = followServer(typed, later);
  assert.equal(next.form.title, "Plan de otra persona");
  assert.equal(next.start.title, "Plan de otra persona");
  assert.equal(next.form.entity, "Metepec");
  assert.equal(next.start.entity, "Toluca"); // the save will find out
  assert.deepEqual(detailsEdit(next.form, next.start), { changes: { entity: "Metepec" }, base: { entity: "Toluca" } });
});

test("after a save the sent fields start from what is stored; text typed meanwhile stays", () => {
  const state = fresh();
  const typed = { ...state, form: { ...state.form, title: "Plan A", end: "" } };
  const sent = detailsEdit(typed.form, typed.start);
  const answer = { ...PLAN, title: "Plan A", end: "2026-12-31" };
  const saved = afterSave(typed, sent, answer);
  assert.deepEqual(touchedFields(saved.form, saved.start), []);
  assert.equal(saved.form.end, "2026-12-31");
  const meanwhile = { ...typed, form: { ...typed.form, title: "Plan AB" } };
  const kept = afterSave(meanwhile, sent, answer);
  assert.equal(kept.form.title, "Plan AB");
  assert.deepEqual(detailsEdit(kept.form, kept.start).base, { title: "Plan A" });
});

test("a conflict is settled by keeping one's text or taking the stored value", () => {
  const state = fresh();
  const typed = { ...state, form: { ...state.form, title: "Mío" } };
  const error = { code: "edit_conflict", details: { conflicts: { title: "Suyo", nope: 1 } } };
  assert.deepEqual(conflictsOf(error), { title: "Suyo" });
  assert.equal(conflictsOf({ code: "invalid", details: {} }), null);
  const kept = settleConflict(typed, "title", "Suyo", true);
  assert.deepEqual(detailsEdit(kept.form, kept.start), { changes: { title: "Mío" }, base: { title: "Suyo" } });
  const taken = settleConflict(typed, "title", "Suyo", false);
  assert.equal(taken.form.title, "Suyo");
  assert.deepEqual(detailsEdit(taken.form, taken.start), { changes: {}, base: {} });
  const members = [{ name: "Luis", organization: "Red", sector: "sociedad_civil" }];
  const listed = settleConflict(typed, "secretariat", members, false);
  assert.deepEqual(listed.form.secretariat, members);
});

test("a stored value reads as a person reads it", () => {
  assert.equal(storedText("title", "Plan", "es", t), "«Plan»");
  assert.equal(storedText("approved_on", null, "es", t), "plan.conflict_empty");
  assert.equal(storedText("type", "local", "es", t), "plan.type_local");
  assert.equal(storedText("start", "2026-02-01", "es", t), "1 de febrero de 2026");
  const members = [{ name: "Luis", organization: "Red", sector: "sociedad_civil" }];
  assert.equal(storedText("secretariat", members, "es", t), "Luis, Red (sector.sociedad_civil)");
  assert.equal(storedText("secretariat", [], "es", t), "plan.conflict_empty");
});
