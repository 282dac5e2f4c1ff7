import assert from "node:assert/strict";
import { test } from "node:test";
import {
  OGP_VALUES,
  SDG_NUMBERS,
  mergeSheet,
  nextStatus,
  normalizeSheet,
  sheetChanges,
  toggleValue,
} from "../src/commitment-model.js";

test("status goes preliminar → en_revision → definitivo, one way", () => {
  assert.equal(nextStatus("preliminar"), "en_revision");
  assert.equal(nextStatus("en_revision"), "definitivo");
  assert.equal(nextStatus("definitivo"), null);
  assert.equal(nextStatus("nope"), null);
});

test("a sheet is read with every field, lists in canonical order", () => {
  const sheet = normalizeSheet({ title: "Red", sdgs: [16, 3, 99], ogp_values: ["participacion", "transparencia", "x"] });
  assert.equal(sheet.problem, "");
  assert.deepEqual(sheet.sdgs, [3, 16]);
  assert.deepEqual(sheet.ogp_values, ["transparencia", "participacion"]);
  assert.equal(SDG_NUMBERS.length, 17);
});

test("only the fields changed since the last save are sent", () => {
  const saved = normalizeSheet({ title: "Red", sdgs: [16] });
  const local = { ...saved, description: "Enlaces en cada dependencia", sdgs: [16] };
  assert.deepEqual(sheetChanges(saved, local), { description: "Enlaces en cada dependencia" });
  assert.deepEqual(sheetChanges(saved, { ...saved, sdgs: [5, 16] }), { sdgs: [5, 16] });
  assert.deepEqual(sheetChanges(saved, { ...saved }), {});
});

test("someone else's saved change is taken in unless this person changed that field", () => {
  const saved = normalizeSheet({ title: "Red", problem: "P" });
  const local = { ...saved, description: "lo que escribo" };
  const server = { ...saved, description: "lo que guardó otra persona", assumptions: "Hay presupuesto" };
  const merged = mergeSheet(local, saved, server);
  assert.equal(merged.description, "lo que escribo");
  assert.equal(merged.assumptions, "Hay presupuesto");
});

test("toggling a list value keeps the canonical order", () => {
  assert.deepEqual(toggleValue(["tecnologia_e_innovacion"], "transparencia", true, OGP_VALUES), [
    "transparencia",
    "tecnologia_e_innovacion",
  ]);
  assert.deepEqual(toggleValue([3, 5], 3, false, SDG_NUMBERS), [5]);
});
