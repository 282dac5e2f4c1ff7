import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import {
  OGP_VALUES,
  SDG_NUMBERS,
  missingFields,
  nextStatus,
  normalizeSheet,
  sheetArtifact,
  sheetFromMap,
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

test("the sheet is read from its document as the server reads it", () => {
  const doc = new Y.Doc();
  const fields = doc.getMap("sheet");
  fields.set("title", new Y.Text("Red de enlaces"));
  fields.set("assumptions", new Y.Text("Hay presupuesto"));
  fields.set("problem", "no es un Y.Text");
  fields.set("ogp_values", new Y.Map([["participacion", true], ["transparencia", false], ["inventado", true]]));
  fields.set("sdgs", new Y.Map([["16", true], ["3", true], ["5", "sí"]]));
  const sheet = sheetFromMap(fields);
  assert.equal(sheet.title, "Red de enlaces");
  assert.equal(sheet.problem, "");
  assert.deepEqual(sheet.ogp_values, ["participacion"]);
  assert.deepEqual(sheet.sdgs, [3, 16]);
  assert.deepEqual(missingFields(sheet), ["problem", "description", "how_it_helps", "gender_perspective", "other_actors"]);
  assert.equal(sheetArtifact("ab12"), "sheet-ab12");
});

test("toggling a list value keeps the canonical order", () => {
  assert.deepEqual(toggleValue(["tecnologia_e_innovacion"], "transparencia", true, OGP_VALUES), [
    "transparencia",
    "tecnologia_e_innovacion",
  ]);
  assert.deepEqual(toggleValue([3, 5], 3, false, SDG_NUMBERS), [5]);
});
