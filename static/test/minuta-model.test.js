import assert from "node:assert/strict";
import { test } from "node:test";
import { validDate } from "../src/minuta-model.js";

test("an acuerdo's date is empty or a real day written YYYY-MM-DD", () => {
  assert.equal(validDate(""), true);
  assert.equal(validDate("2027-03-01"), true);
  assert.equal(validDate("2028-02-29"), true); // a leap year
  assert.equal(validDate("2027-02-29"), false);
  assert.equal(validDate("2027-13-01"), false);
  assert.equal(validDate("1 de marzo"), false);
  assert.equal(validDate("2027-3-1"), false);
  assert.equal(validDate(undefined), false);
});
