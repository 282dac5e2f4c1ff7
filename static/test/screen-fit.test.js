import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "../src/document-schema.js";
import { layoutInput } from "../src/graph-scene.js";
import { SCREEN_FONT_MAX, SCREEN_FONT_MIN, bandsOf, connectorPath, largestFit } from "../src/screen-fit.js";
import { layoutTree } from "../src/tree-layout.js";
import { addNode, readTree } from "../src/tree-model.js";

test("the largest size that fits, even when a smaller one would not", () => {
  for (const limit of [SCREEN_FONT_MIN, 13, 24, 25, 31, SCREEN_FONT_MAX - 1]) {
    assert.deepEqual(
      largestFit((size) => size <= limit),
      { size: limit, fits: true },
    );
  }
  // Rows that wrap at 30 px fit where 26 to 29 px do not: 30 wins.
  assert.deepEqual(
    largestFit((size) => size === 30 || size <= 25),
    { size: 30, fits: true },
  );
  assert.deepEqual(
    largestFit(() => true),
    { size: SCREEN_FONT_MAX, fits: true },
  );
  assert.deepEqual(
    largestFit(() => false),
    { size: SCREEN_FONT_MIN, fits: false },
  );
});

test("the layout's rows go in bands: effects, the problem, causes, unlinked", () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p", text: "Problema" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: problem, text: "Causa" });
  addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: cause, text: "Causa indirecta" });
  addNode(doc, { kind: KIND_CAUSE, createdBy: "p", linkTo: problem, text: "Otra causa" });
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p", linkTo: problem, text: "Efecto" });
  addNode(doc, { kind: KIND_EFFECT, createdBy: "p", linkTo: effect, text: "Efecto indirecto" });
  addNode(doc, { kind: KIND_CAUSE, createdBy: "p", text: "Suelta" });
  const input = layoutInput(readTree(doc));
  const bands = bandsOf(layoutTree(input.nodes, input.edges).rows);
  assert.deepEqual(
    bands.map((band) => [band.section, band.rows.map((ids) => ids.length)]),
    [
      ["effects", [1, 1]],
      ["problem", [1]],
      ["causes", [2, 1]],
      ["unlinked", [1]],
    ],
  );
  assert.equal(bands[1].rows[0][0], problem);
});

test("connectors leave the side facing the target and end on the target's edge", () => {
  const problem = { x: 100, y: 100, width: 200, height: 50 };
  const cause = { x: 0, y: 200, width: 100, height: 40 };
  const effect = { x: 300, y: 0, width: 100, height: 40 };
  // A cause below: from its top, a bus 10 px above it, into the problem's bottom.
  assert.equal(connectorPath(cause, problem, 10), "M50 200 V190 H200 V150");
  // The problem below an effect: from its top into the effect's bottom; the bus never past the target.
  assert.equal(connectorPath(problem, effect, 80), "M200 100 V40 H350 V40");
  // Downward, should a document say so.
  assert.equal(connectorPath(effect, problem, 10), "M350 40 V50 H200 V100");
  // Side by side.
  assert.equal(connectorPath({ x: 0, y: 0, width: 10, height: 10 }, { x: 30, y: 0, width: 10, height: 10 }, 5), "M10 5 H20 V5 H30");
});
