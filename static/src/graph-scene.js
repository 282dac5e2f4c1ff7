// What the graph editor draws, as plain numbers: node boxes and edge paths from
// the automatic layout (tree-layout.js), and the pan/zoom arithmetic of the
// viewport. No DOM here, so Node's test runner covers it.

/** Zoom limits of the graph viewport. */
export const MIN_ZOOM = 0.2;
export const MAX_ZOOM = 2.5;
/** Fitting the tree never enlarges it past this (a lone node stays readable, not huge). */
export const FIT_MAX_ZOOM = 1.1;
/** Margin around the tree when fitting, in screen pixels. */
export const FIT_PADDING = 16;
/** Below this zoom node texts are too small to read: the first view stays at it. */
export const READABLE_ZOOM = 0.7;

/**
 * @typedef {object} SceneNode
 * @property {string} id
 * @property {string} kind
 * @property {string} section "effects" | "problem" | "causes" | "unlinked"
 * @property {number} x
 * @property {number} y
 * @property {number} width
 * @property {number} height
 */

/**
 * @typedef {object} SceneEdge
 * @property {string} id
 * @property {string} source
 * @property {string} target
 * @property {Array<{x: number, y: number}>} points from the source end to the target end
 * @property {string} path SVG path data
 */

/**
 * @typedef {object} Scene
 * @property {Map<string, SceneNode>} nodes
 * @property {SceneEdge[]} edges
 * @property {{x: number, y: number, width: number, height: number}} bounds
 * @property {{name: string, y: number, height: number}[]} sections
 */

/**
 * @typedef {object} View
 * @property {number} x screen offset of the graph origin
 * @property {number} y
 * @property {number} k zoom factor
 */

const round = (value) => Math.round(value * 10) / 10;
const toPath = (points) => points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");

/**
 * The input of tree-layout.js's layoutTree: plain nodes and edges.
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @returns {{nodes: Array<{id: string, kind: string, text: string, created_at?: number, out_of_scope?: boolean}>, edges: Array<{id: string, source: string, target: string}>}}
 */
export const layoutInput = (tree) => ({
  nodes: [...tree.nodes.values()].map((node) => {
    const input = { id: node.id, kind: node.kind, text: node.text ? node.text.toString() : "" };
    if (node.createdAt !== null && node.createdAt !== undefined) input.created_at = node.createdAt;
    if (node.outOfScope) input.out_of_scope = true;
    return input;
  }),
  edges: tree.edges.map(({ id, source, target }) => ({ id, source, target })),
});

/**
 * Lays the tree out with tree-layout.js (the same picture as the SVG and PNG
 * exports) and turns the result into what the editor draws.
 * @param {import("./tree-model.js").TreeSnapshot} tree
 * @param {Function} layoutTree tree-layout.js's layoutTree(nodes, edges, options)
 * @param {object} [options] layout options (tree-layout.js's defaults when omitted)
 * @returns {Scene}
 */
export const buildScene = (tree, layoutTree, options = {}) => {
  const input = layoutInput(tree);
  const layout = layoutTree(input.nodes, input.edges, options);
  /** @type {Map<string, SceneNode>} */
  const nodes = new Map();
  for (const box of layout.nodes) {
    nodes.set(box.id, {
      id: box.id,
      kind: box.kind,
      section: box.section,
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
    });
  }
  const edges = layout.edges.map((route) => {
    const points = route.points.map(([x, y]) => ({ x, y }));
    return { id: route.id, source: route.source, target: route.target, points, path: toPath(points) };
  });
  return {
    nodes,
    edges,
    bounds: { x: 0, y: 0, width: layout.width, height: layout.height },
    sections: layout.sections,
  };
};

/**
 * The point halfway along a polyline (where an edge's delete button goes).
 * @param {Array<{x: number, y: number}>} points
 * @returns {{x: number, y: number}}
 */
export const midpointOf = (points) => {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let remaining = lengths.reduce((sum, length) => sum + length, 0) / 2;
  for (let i = 0; i < lengths.length; i += 1) {
    if (remaining <= lengths[i] && lengths[i] > 0) {
      const f = remaining / lengths[i];
      return {
        x: points[i].x + (points[i + 1].x - points[i].x) * f,
        y: points[i].y + (points[i + 1].y - points[i].y) * f,
      };
    }
    remaining -= lengths[i];
  }
  return points[0];
};

/**
 * @param {number} k
 * @returns {number} k within [MIN_ZOOM, MAX_ZOOM]
 */
export const clampZoom = (k) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/**
 * The view that shows all of `bounds`, centred, in a viewport of the given size.
 * @param {{x: number, y: number, width: number, height: number}} bounds
 * @param {number} width viewport width in px
 * @param {number} height viewport height in px
 * @returns {View}
 */
export const fitView = (bounds, width, height) => {
  if (!bounds || bounds.width <= 0 || bounds.height <= 0 || width <= 0 || height <= 0)
    return { x: FIT_PADDING, y: FIT_PADDING, k: 1 };
  const k = clampZoom(
    Math.min((width - 2 * FIT_PADDING) / bounds.width, (height - 2 * FIT_PADDING) / bounds.height, FIT_MAX_ZOOM),
  );
  return {
    x: (width - bounds.width * k) / 2 - bounds.x * k,
    y: (height - bounds.height * k) / 2 - bounds.y * k,
    k,
  };
};

/**
 * The first view of a tree: all of it when that is readable, otherwise the
 * readable zoom centred on `center` (the central problem), e.g. on a phone.
 * @param {{x: number, y: number, width: number, height: number}} bounds
 * @param {number} width
 * @param {number} height
 * @param {{x: number, y: number}|null} center graph point to centre on when zoomed in
 * @returns {View}
 */
export const readableView = (bounds, width, height, center) => {
  const fitted = fitView(bounds, width, height);
  if (fitted.k >= READABLE_ZOOM || !center) return fitted;
  const k = READABLE_ZOOM;
  return { x: width / 2 - center.x * k, y: height / 2 - center.y * k, k };
};

/**
 * The bounding box of some scene nodes, or null when none is in the scene.
 * @param {Scene} scene
 * @param {string[]} ids
 * @returns {{x: number, y: number, width: number, height: number}|null}
 */
export const boundsOf = (scene, ids) => {
  const boxes = ids.map((id) => scene.nodes.get(id)).filter(Boolean);
  if (boxes.length === 0) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
};

/**
 * The view that brings `rect` (graph coordinates) into sight: unchanged when
 * it is already wholly visible at a readable zoom; otherwise centred, at the
 * current zoom raised to READABLE_ZOOM, lowered only as far as needed to fit
 * (never below MIN_ZOOM).
 * @param {View} view
 * @param {{x: number, y: number, width: number, height: number}} rect
 * @param {number} width viewport width in px
 * @param {number} height viewport height in px
 * @returns {View}
 */
export const revealView = (view, rect, width, height) => {
  const left = view.x + rect.x * view.k;
  const top = view.y + rect.y * view.k;
  const inside =
    left >= FIT_PADDING &&
    top >= FIT_PADDING &&
    left + rect.width * view.k <= width - FIT_PADDING &&
    top + rect.height * view.k <= height - FIT_PADDING;
  if (inside && view.k >= READABLE_ZOOM) return view;
  const fits = Math.min(
    (width - 2 * FIT_PADDING) / Math.max(rect.width, 1),
    (height - 2 * FIT_PADDING) / Math.max(rect.height, 1),
  );
  const k = clampZoom(Math.min(Math.max(view.k, READABLE_ZOOM), fits));
  return {
    x: width / 2 - (rect.x + rect.width / 2) * k,
    y: height / 2 - (rect.y + rect.height / 2) * k,
    k,
  };
};

/**
 * Zooms by `factor` keeping the screen point (px, py) still.
 * @param {View} view
 * @param {number} factor
 * @param {number} px
 * @param {number} py
 * @returns {View}
 */
export const zoomAt = (view, factor, px, py) => {
  const k = clampZoom(view.k * factor);
  const ratio = k / view.k;
  return { x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio, k };
};

/**
 * A screen point (relative to the viewport) in graph coordinates.
 * @param {View} view
 * @param {number} px
 * @param {number} py
 * @returns {{x: number, y: number}}
 */
export const toGraph = (view, px, py) => ({ x: (px - view.x) / view.k, y: (py - view.y) / view.k });
