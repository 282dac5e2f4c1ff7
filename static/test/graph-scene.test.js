import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "../src/document-schema.js";
import {
  MAX_ZOOM,
  MIN_ZOOM,
  READABLE_ZOOM,
  boundsOf,
  buildScene,
  fitView,
  layoutInput,
  midpointOf,
  readableView,
  revealView,
  toGraph,
  zoomAt,
} from "../src/graph-scene.js";
import { layoutTree } from "../src/tree-layout.js";
import { addNode, readTree } from "../src/tree-model.js";

test("the scene takes node boxes and edge routes from tree-layout.js", () => {
  const doc = new Y.Doc();
  const problem = addNode(doc, { kind: KIND_PROBLEM, createdBy: "p1", text: "Problema" });
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", linkTo: problem, text: "Causa" });
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", linkTo: problem, text: "Efecto" });
  const tree = readTree(doc);
  const layout = layoutTree(layoutInput(tree).nodes, layoutInput(tree).edges);
  const scene = buildScene(tree, layoutTree);
  assert.deepEqual(scene.bounds, { x: 0, y: 0, width: layout.width, height: layout.height });
  for (const box of layout.nodes) {
    const node = scene.nodes.get(box.id);
    assert.deepEqual(
      [node.x, node.y, node.width, node.height, node.section],
      [box.x, box.y, box.width, box.height, box.section],
    );
  }
  // Effects above the problem, causes below; links run from the cause's top to the consequence's bottom.
  assert.ok(scene.nodes.get(effect).y < scene.nodes.get(problem).y);
  assert.ok(scene.nodes.get(problem).y < scene.nodes.get(cause).y);
  const link = scene.edges.find((edge) => edge.source === cause);
  const c = scene.nodes.get(cause);
  const p = scene.nodes.get(problem);
  assert.equal(link.points[0].y, c.y);
  assert.equal(link.points[link.points.length - 1].y, p.y + p.height);
  assert.match(link.path, /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+$/);
});

test("the layout receives plain nodes with created_at and out_of_scope", () => {
  const doc = new Y.Doc();
  const cause = addNode(doc, { kind: KIND_CAUSE, createdBy: "p1", text: "Dada" });
  doc.getMap("nodes").get(cause).set("out_of_scope", true);
  const [node] = layoutInput(readTree(doc)).nodes;
  assert.equal(node.out_of_scope, true);
  assert.equal(typeof node.created_at, "number");
  assert.deepEqual(Object.keys(node).sort(), ["created_at", "id", "kind", "out_of_scope", "text"]);
});

test("edges to missing nodes and self loops are not drawn", () => {
  const doc = new Y.Doc();
  const effect = addNode(doc, { kind: KIND_EFFECT, createdBy: "p1", text: "Efecto" });
  const edges = doc.getMap("edges");
  const loop = new Y.Map();
  edges.set("loop", loop);
  loop.set("source", effect);
  loop.set("target", effect);
  const dangling = new Y.Map();
  edges.set("dangling", dangling);
  dangling.set("source", "nobody");
  dangling.set("target", effect);
  const scene = buildScene(readTree(doc), layoutTree);
  assert.equal(scene.edges.length, 0);
  assert.equal(scene.nodes.size, 1);
});

test("fitView shows the whole tree centred, never above the fit limit", () => {
  const view = fitView({ x: 0, y: 0, width: 1000, height: 500 }, 532, 300);
  assert.ok(Math.abs(view.k - 0.5) < 1e-9);
  assert.ok(Math.abs(view.x - 16) < 1e-9);
  const small = fitView({ x: 0, y: 0, width: 100, height: 50 }, 1000, 800);
  assert.ok(small.k <= 1.1);
  assert.ok(small.k >= MIN_ZOOM && small.k <= MAX_ZOOM);
});

test("a tree too wide for a phone starts at a readable zoom on the problem", () => {
  const view = readableView({ x: 0, y: 0, width: 1100, height: 600 }, 330, 480, { x: 550, y: 300 });
  assert.equal(view.k, READABLE_ZOOM);
  const centre = toGraph(view, 165, 240);
  assert.ok(Math.abs(centre.x - 550) < 1e-9 && Math.abs(centre.y - 300) < 1e-9);
});

test("zoomAt keeps the point under the pointer still and clamps the zoom", () => {
  const view = { x: 10, y: 20, k: 1 };
  const before = toGraph(view, 200, 100);
  const zoomed = zoomAt(view, 2, 200, 100);
  const after = toGraph(zoomed, 200, 100);
  assert.ok(Math.abs(before.x - after.x) < 1e-9 && Math.abs(before.y - after.y) < 1e-9);
  assert.equal(zoomAt(view, 100, 0, 0).k, MAX_ZOOM);
  assert.equal(zoomAt(view, 0.001, 0, 0).k, MIN_ZOOM);
});

test("midpointOf walks half the polyline's length", () => {
  assert.deepEqual(
    midpointOf([
      { x: 0, y: 0 },
      { x: 0, y: 10 },
      { x: 30, y: 10 },
    ]),
    { x: 10, y: 10 },
  );
});

test("boundsOf covers the boxes asked for that are in the scene", () => {
  const scene = {
    nodes: new Map([
      ["a", { id: "a", x: 24, y: 30, width: 240, height: 42 }],
      ["b", { id: "b", x: 300, y: 120, width: 240, height: 60 }],
    ]),
  };
  assert.deepEqual(boundsOf(scene, ["a", "b", "gone"]), { x: 24, y: 30, width: 516, height: 150 });
  assert.equal(boundsOf(scene, ["gone"]), null);
});

test("revealView leaves a visible, readable box alone and centres one out of sight", () => {
  const rect = { x: 100, y: 100, width: 240, height: 60 };
  const here = { x: 0, y: 0, k: 1 };
  assert.deepEqual(revealView(here, rect, 800, 600), here);
  // Panned away: centred at the same zoom.
  const away = revealView({ x: -2000, y: 0, k: 1 }, rect, 800, 600);
  assert.equal(away.k, 1);
  assert.equal(away.x + (rect.x + rect.width / 2) * away.k, 400);
  assert.equal(away.y + (rect.y + rect.height / 2) * away.k, 300);
  // Zoomed out too far to read: back to the readable zoom.
  assert.equal(revealView({ x: 0, y: 0, k: 0.3 }, rect, 800, 600).k, READABLE_ZOOM);
  // Two boxes far apart on a phone: zoom out only as far as needed to show both.
  const wide = { x: 0, y: 0, width: 1200, height: 60 };
  const phone = revealView({ x: 0, y: 0, k: 1 }, wide, 360, 500);
  assert.ok(Math.abs(phone.k - (360 - 32) / 1200) < 1e-9);
  assert.ok(phone.k >= MIN_ZOOM);
});
