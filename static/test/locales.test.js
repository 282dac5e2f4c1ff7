// The browser's strings live in server/locales/<lang>.json: both languages
// have the same keys, and every key the app asks for by name exists.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";

import { loadLocale as load } from "./load-locales.js";

const es = load("es");
const en = load("en");

test("Spanish and English have the same keys and the same placeholders", () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(es).sort());
  const placeholders = (text) => (text.match(/\{\w+\}/g) || []).sort();
  for (const key of Object.keys(es)) assert.deepEqual(placeholders(en[key]), placeholders(es[key]), key);
});

test("every literal t(\"…\") key of the browser app exists", () => {
  const dir = new URL("../src/", import.meta.url);
  const missing = [];
  for (const name of readdirSync(dir)) {
    if (!/\.(js|jsx)$/.test(name)) continue;
    const source = readFileSync(new URL(name, dir), "utf8");
    for (const match of source.matchAll(/\bt\(\s*"([a-z_]+\.[a-z0-9_.]+)"/g)) {
      if (!Object.prototype.hasOwnProperty.call(es, match[1])) missing.push(`${name}: ${match[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});
