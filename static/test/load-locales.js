// The browser's messages as the server merges them: server/locales/<lang>.json
// plus one <area>.<lang>.json per area of the app; no key may repeat.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

const localesDir = new URL("../../server/locales/", import.meta.url);

export const loadLocale = (lang) => {
  const names = readdirSync(localesDir).filter((n) => n === `${lang}.json` || n.endsWith(`.${lang}.json`));
  const merged = {};
  for (const name of names.sort()) {
    const part = JSON.parse(readFileSync(new URL(name, localesDir), "utf8"));
    for (const key of Object.keys(part)) assert.ok(!(key in merged), `${name} repeats ${key}`);
    Object.assign(merged, part);
  }
  return merged;
};
