// The voting panels build some message keys from server values (methods,
// outcomes, statuses…); every such key must exist in both languages.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RESPONSES, DISPOSITIONS } from "../src/alternatives-model.js";
import { CONSENT_RESPONSES, METHODS } from "../src/ballot-model.js";
import { OGP_VALUES, SDG_NUMBERS, SHEET_FIELDS, SHEET_TEXT_FIELDS, STATUSES } from "../src/commitment-model.js";
import { DECISION_KINDS, OUTCOMES } from "../src/decision-model.js";
import { DEFAULT_CRITERIA_IDS, RANKED_RULES } from "../src/round-model.js";
import { STAGE_TABS } from "../src/stage-model.js";

import { loadLocale as load } from "./load-locales.js";

test("every key built from a server value exists in Spanish and English", () => {
  const keys = [
    ...METHODS.flatMap((m) => [`method.${m}`, `method_help.${m}`, `ballot.help_${m}`]),
    ...["approval", "dots", "score", "ranked"].flatMap((m) => [`results.caption_${m}`, `results.column_${m}`]),
    ...CONSENT_RESPONSES.map((r) => `consent.${r}`),
    ...["support", "reservations", "object"].map((r) => `fist.${r}`),
    ...OUTCOMES.map((o) => `outcome.${o}`),
    ...OUTCOMES.filter((o) => o !== "decided").map((o) => `decision.none_${o}`),
    "decision.none_recorded",
    ...DECISION_KINDS.flatMap((k) => [`decision.kind_${k}`, `decision.offer_${k}`]),
    ...DISPOSITIONS.map((d) => `disposition.${d}`),
    ...["disposition", "reason", "merged_into"].map((p) => `alternatives.response_needs_${p}`),
    ...RESPONSES.map((d) => `disposition.${d}`),
    ...DEFAULT_CRITERIA_IDS.map((c) => `criterion.${c}`),
    ...RANKED_RULES.flatMap((r) => [`rule.${r}`, `results.decides_${r}`]),
    ...["hidden_until_close", "live"].map((v) => `visibility.${v}`),
    ...["secret", "public"].flatMap((s) => [`secrecy.${s}`, `secrecy_help.${s}`]),
    ...["open", "closed"].map((s) => `round.status_${s}`),
    ...["facilitator", "observer"].map((r) => `voting.voice_no_vote_${r}`),
    ...STATUSES.map((s) => `commitment_status.${s}`),
    ...STATUSES.slice(1).flatMap((s) => [`commitments.to_${s}`, `commitments.to_${s}_hint`]),
    ...SHEET_FIELDS.map((f) => `sheet.${f}`),
    ...SHEET_TEXT_FIELDS.filter((f) => f !== "title").map((f) => `sheet_hint.${f}`),
    ...["live", "close_forbidden", "loading", "not_saved_yet", "readonly_observer"].map((s) => `sheet.${s}`),
    ...OGP_VALUES.map((v) => `ogp.${v}`),
    ...SDG_NUMBERS.map((n) => `sdg.${n}`),
    ...STAGE_TABS.flatMap((tab) => [`stage.tab_${tab}`, `stage.title_${tab}`]),
  ];
  for (const lang of ["es", "en"]) {
    const messages = load(lang);
    assert.deepEqual(
      keys.filter((key) => !(key in messages)),
      [],
      lang,
    );
  }
});
