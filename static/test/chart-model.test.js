import assert from "node:assert/strict";
import { test } from "node:test";
import {
  barPercent,
  barRows,
  formatNumber,
  niceMax,
  participationRows,
  stackedRows,
  totalsScale,
  transpose,
} from "../src/chart-model.js";

test("niceMax rounds the largest value up to 1, 2 or 5 times a power of ten", () => {
  assert.equal(niceMax([]), 1);
  assert.equal(niceMax([0, 0]), 1);
  assert.equal(niceMax([3]), 5);
  assert.equal(niceMax([5]), 5);
  assert.equal(niceMax([7, null, 2]), 10);
  assert.equal(niceMax([11]), 20);
  assert.equal(niceMax([0.3]), 1, "the floor keeps tiny values on a 0–1 scale");
  assert.equal(niceMax([120]), 200);
});

test("bars are a percentage of the scale, clamped, and absent without a value", () => {
  assert.equal(barPercent(2, { max: 4 }), 50);
  assert.equal(barPercent(9, { max: 4 }), 100);
  assert.equal(barPercent(-1, { max: 4 }), 0);
  assert.equal(barPercent(null, { max: 4 }), 0);
  assert.equal(barPercent(1, { max: 0 }), 0);
  assert.equal(barPercent(0, { min: -2, max: 2 }), 50);
  assert.equal(barPercent(1, { max: 3 }), 33.3);
});

test("each method has its own scale", () => {
  assert.deepEqual(totalsScale("approval", { totals: { a: 2, b: 1 }, participation: { voted: 3 } }), { min: 0, max: 3 });
  assert.deepEqual(totalsScale("score", { totals: { a: 3.5 }, scale: { min: 1, max: 10 } }), { min: 1, max: 10 });
  assert.deepEqual(totalsScale("dots", { totals: { a: 7, b: 2 } }), { min: 0, max: 10 });
  assert.deepEqual(
    totalsScale("consent", { totals: { a: 2 }, counts: { a: { agree: 2, can_live_with: 0, object: 1 } } }),
    { min: 0, max: 3 },
  );
  const rows = barRows(["a", "b", "c"], { a: 3, b: 0, c: null }, { max: 3 });
  assert.deepEqual(rows, [
    { id: "a", value: 3, percent: 100 },
    { id: "b", value: 0, percent: 0 },
    { id: "c", value: null, percent: 0 },
  ]);
});

test("stacked bars share one scale and skip empty parts", () => {
  const bySector = { sociedad_civil: { a: 2, b: 1 }, academia: { a: 1, b: 0 } };
  const { rows, max } = stackedRows(["a", "b"], ["sociedad_civil", "academia", "ciudadania"], bySector);
  assert.equal(max, 3);
  assert.deepEqual(rows[0], {
    id: "a",
    total: 3,
    segments: [
      { key: "sociedad_civil", value: 2, percent: 66.7 },
      { key: "academia", value: 1, percent: 33.3 },
    ],
  });
  assert.deepEqual(rows[1].segments, [{ key: "sociedad_civil", value: 1, percent: 33.3 }]);
  assert.equal(stackedRows(["a"], ["x"], {}, 4).max, 4);
});

test("consent counts are read per response kind", () => {
  assert.deepEqual(transpose({ a: { agree: 2, object: 1 }, b: { agree: 0, object: 0 } }), {
    agree: { a: 2, b: 0 },
    object: { a: 1, b: 0 },
  });
});

test("participation by sector is out of who could vote", () => {
  assert.deepEqual(
    participationRows({ by_sector: { sociedad_civil: { eligible: 4, voted: 1 }, academia: { eligible: 0, voted: 0 } } }),
    [
      { sector: "sociedad_civil", voted: 1, eligible: 4, percent: 25 },
      { sector: "academia", voted: 0, eligible: 0, percent: 0 },
    ],
  );
});

test("numbers print with at most two decimals, in the page's language", () => {
  assert.equal(formatNumber(3, "es"), "3");
  assert.equal(formatNumber(3.14159, "en"), "3.14");
  assert.equal(formatNumber(1234.5, "es"), "1,234.5");
  assert.equal(formatNumber(null, "es"), "—");
});
