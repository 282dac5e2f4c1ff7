// Where each box of a problem tree goes: the layered drawing of the method.
//
// Effects on top, the central problem in the middle, causes below it (indirect
// causes under the direct ones), and a band at the bottom for whatever is not
// linked to the central problem. workshops/tree_layout.py (with the placement
// steps, centralProblem to placeUnlinked, in workshops/tree_placement.py) is
// the same algorithm line by line, so the browser and the exports (SVG, PNG)
// draw the same picture; tests/workshops/test_tree_layout.py runs both on
// random trees and compares every number. Keep them in step: any change here
// is made there.
//
// Everything is integer arithmetic or a single IEEE division, strings compare
// by code point and text is measured in code points, so both languages agree
// exactly. Plain ESM with no imports, so Node runs it as is. The rules are
// written out in docs/tree-export.md.

// Values of the tree document (document-schema.js; a test keeps them equal).
const KIND_PROBLEM = "problem";
const KIND_CAUSE = "cause";
const KIND_EFFECT = "effect";

export const SECTION_EFFECTS = "effects";
export const SECTION_PROBLEM = "problem";
export const SECTION_CAUSES = "causes";
export const SECTION_UNLINKED = "unlinked";

export const SIDE_TOP = "top";
export const SIDE_BOTTOM = "bottom";
export const SIDE_LEFT = "left";
export const SIDE_RIGHT = "right";

// Only these split words: Unicode's wider whitespace sets differ between
// Python and JavaScript, so a no-break space is simply part of a word.
const WHITESPACE = /[\t\n\v\f\r ]+/;
const SURROGATE = /[\uD800-\uDFFF]/;
const KIND_RANK = { [KIND_PROBLEM]: 0, [KIND_CAUSE]: 1, [KIND_EFFECT]: 2 };
const OTHER_KIND_RANK = 3;
const SWEEPS = ["outward", "inward", "outward"];

/**
 * Sizes in px. A box is `nodeWidth` wide; its text wraps at
 * `floor((nodeWidth - 2 * padding) / charWidth)` characters a line.
 * @typedef {object} LayoutOptions
 * @property {number} nodeWidth
 * @property {number} padding
 * @property {number} charWidth
 * @property {number} lineHeight
 * @property {number} columnGap
 * @property {number} layerGap
 * @property {number} bandGap
 * @property {number} margin
 * @property {number} unlinkedMinPerRow
 */

/** @type {Readonly<LayoutOptions>} */
export const DEFAULT_LAYOUT_OPTIONS = Object.freeze({
  nodeWidth: 240,
  padding: 12,
  charWidth: 8,
  lineHeight: 18,
  columnGap: 24,
  layerGap: 56,
  bandGap: 80,
  margin: 24,
  unlinkedMinPerRow: 4,
});

/**
 * @typedef {object} NodeBox
 * @property {string} id
 * @property {string} kind
 * @property {"effects"|"problem"|"causes"|"unlinked"} section
 * @property {number|null} layer 0 the problem, -1 direct causes, -2 indirect…, +1 direct effects…; null if unlinked
 * @property {number} order position in its layer (or in the unlinked band), from the left
 * @property {number} x left, px
 * @property {number} y top, px (y grows downward)
 * @property {number} width
 * @property {number} height
 * @property {string[]} lines the wrapped text, one entry a line
 * @property {boolean} outOfScope the box has one more line at the bottom for the note
 */

/**
 * @typedef {object} EdgeRoute
 * @property {string} id
 * @property {string} source
 * @property {string} target
 * @property {"top"|"bottom"|"left"|"right"} sourceSide
 * @property {"top"|"bottom"|"left"|"right"} targetSide
 * @property {[number, number][]} points polyline; first on the source's border, last on the target's (arrowhead)
 */

/**
 * @typedef {object} Layout
 * @property {number} width bounding box, from (0, 0), margins included
 * @property {number} height
 * @property {string|null} problemId the central problem drawn in layer 0
 * @property {NodeBox[]} nodes top row first, left to right
 * @property {EdgeRoute[]} edges drawable edges (both ends exist, not a self-loop), sorted by id
 * @property {{section: string, layer: number|null, y: number, height: number, ids: string[]}[]} rows
 * @property {{name: string, y: number, height: number}[]} sections
 */

const isInteger = (value) => Number.isInteger(value) && value >= 0;

const checkOptions = (options) => {
  for (const [name, value] of Object.entries(options)) {
    if (!isInteger(value)) throw new RangeError(`layout option ${name} must be a non-negative integer`);
  }
  if (options.charWidth < 1 || options.lineHeight < 1 || options.unlinkedMinPerRow < 1) {
    throw new RangeError("text sizes must be positive");
  }
  if (options.nodeWidth - 2 * options.padding < options.charWidth) {
    throw new RangeError("the box is too narrow for one letter");
  }
};

/**
 * Compares two strings by code point, as Python does (`<` compares UTF-16 units).
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export const compareCodePoints = (a, b) => {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i);
    const cb = b.codePointAt(j);
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  return restA === restB ? 0 : restA < restB ? -1 : 1;
};

const compareNumbers = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Greedy word wrap by code points; a word longer than a line is cut.
 * @param {string} text
 * @param {number} charsPerLine
 * @returns {string[]}
 */
export const wrapText = (text, charsPerLine) => {
  // Without surrogates a UTF-16 unit is a code point: work on the string
  // itself; otherwise on arrays of code points.
  const split = SURROGATE.test(text) ? (w) => Array.from(w) : (w) => w;
  const join = (units) => (typeof units === "string" ? units : units.join(""));
  const lines = [];
  let current = "";
  let currentLength = 0;
  for (const raw of text.split(WHITESPACE)) {
    if (!raw) continue;
    let word = split(raw);
    while (word.length > charsPerLine) {
      if (currentLength) {
        lines.push(current);
        current = "";
        currentLength = 0;
      }
      lines.push(join(word.slice(0, charsPerLine)));
      word = word.slice(charsPerLine);
    }
    if (!currentLength) {
      current = join(word);
      currentLength = word.length;
    } else if (currentLength + 1 + word.length <= charsPerLine) {
      current += " " + join(word);
      currentLength += 1 + word.length;
    } else {
      lines.push(current);
      current = join(word);
      currentLength = word.length;
    }
  }
  if (currentLength) lines.push(current);
  return lines.length ? lines : [""];
};

/**
 * An out-of-scope box has one more line, for the note that says so.
 * @param {number} lineCount
 * @param {boolean} outOfScope
 * @param {LayoutOptions} options
 */
export const boxHeight = (lineCount, outOfScope, options) =>
  2 * options.padding + (lineCount + (outOfScope ? 1 : 0)) * options.lineHeight;

const createdAt = (value) => (typeof value === "number" && Number.isFinite(value) ? value : null);

const roundDiv = (total, count) => Math.floor(total / count + 0.5);

// [0, createdAt, id] or [1, 0, id]: nodes with a creation time first, oldest first.
const compareItems = (a, b) => {
  const ma = a.createdAt === null ? 1 : 0;
  const mb = b.createdAt === null ? 1 : 0;
  if (ma !== mb) return ma - mb;
  const byTime = ma ? 0 : compareNumbers(a.createdAt, b.createdAt);
  return byTime || compareCodePoints(a.id, b.id);
};

/**
 * Lays out a problem tree. Malformed entries are skipped, never trusted;
 * the result is exactly what `layout_graph` in workshops/tree_layout.py returns.
 * @param {{id: string, kind: string, text: string, created_at?: number, out_of_scope?: boolean}[]} nodes
 * @param {{id: string, source: string, target: string}[]} edges source causes target
 * @param {Partial<LayoutOptions>} [options]
 * @returns {Layout}
 */
export function layoutTree(nodes, edges, options = {}) {
  const opts = { ...DEFAULT_LAYOUT_OPTIONS, ...options };
  checkOptions(opts);
  const cpl = Math.floor((opts.nodeWidth - 2 * opts.padding) / opts.charWidth);
  /** @type {Map<string, any>} */
  const items = new Map();
  for (const raw of nodes) {
    if (!raw || typeof raw.id !== "string" || items.has(raw.id)) continue;
    const outOfScope = raw.out_of_scope === true;
    const lines = wrapText(typeof raw.text === "string" ? raw.text : "", cpl);
    items.set(raw.id, {
      id: raw.id,
      kind: typeof raw.kind === "string" ? raw.kind : "",
      createdAt: createdAt(raw.created_at),
      outOfScope,
      lines,
      height: boxHeight(lines.length, outOfScope, opts),
      layer: null,
      x: 0,
      y: 0,
      order: 0,
    });
  }
  const links = [];
  for (const raw of edges) {
    if (!raw) continue;
    const { id, source, target } = raw;
    if (typeof id !== "string" || typeof source !== "string" || typeof target !== "string") continue;
    if (items.has(source) && items.has(target) && source !== target) links.push([id, source, target]);
  }
  links.sort(
    (a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]) || compareCodePoints(a[2], b[2]),
  );
  const ordered = [...items.values()].sort(compareItems);
  const succ = new Map();
  const pred = new Map();
  for (const id of items.keys()) {
    succ.set(id, []);
    pred.set(id, []);
  }
  for (const [, source, target] of links) {
    succ.get(source).push(target);
    pred.get(target).push(source);
  }

  const problem = centralProblem(ordered, succ, pred);
  assignLayers(ordered, items, problem, succ, pred);
  /** @type {Map<number, string[]>} */
  const layers = new Map();
  for (const item of ordered) {
    if (item.layer === null) continue;
    if (!layers.has(item.layer)) layers.set(item.layer, []);
    layers.get(item.layer).push(item.id);
  }
  const neighbours = new Map();
  for (const id of items.keys()) neighbours.set(id, []);
  for (const [, source, target] of links) {
    if (items.get(source).layer !== null && items.get(target).layer !== null) {
      neighbours.get(source).push(target);
      neighbours.get(target).push(source);
    }
  }
  orderLayers(layers, items, neighbours);
  placeX(layers, items, neighbours, opts);

  const { rows, bottom } = placeRows(layers, items, opts);
  const unlinked = ordered
    .filter((item) => item.layer === null)
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || compareItems(a, b));
  rows.push(...placeUnlinked(unlinked, layers, items, bottom, opts));

  const rowOf = new Map();
  rows.forEach((row, index) => {
    for (const id of row.ids) rowOf.set(id, index);
  });
  const boxes = [];
  for (const row of rows) {
    for (const id of row.ids) {
      const item = items.get(id);
      boxes.push({
        id: item.id,
        kind: item.kind,
        section: row.section,
        layer: item.layer,
        order: item.order,
        x: item.x,
        y: item.y,
        width: opts.nodeWidth,
        height: item.height,
        lines: item.lines,
        outOfScope: item.outOfScope,
      });
    }
  }
  const routes = routeEdges(links, items, rows, rowOf, opts);
  let right = opts.margin;
  for (const b of boxes) right = Math.max(right, b.x + b.width);
  let down = opts.margin;
  for (const r of rows) down = Math.max(down, r.y + r.height);
  return {
    width: right + opts.margin,
    height: down + opts.margin,
    problemId: problem,
    nodes: boxes,
    edges: routes,
    rows,
    sections: sections(rows),
  };
}

const kindRank = (kind) => (Object.hasOwn(KIND_RANK, kind) ? KIND_RANK[kind] : OTHER_KIND_RANK);

// The problem with the most links; the earliest one on a tie.
const centralProblem = (ordered, succ, pred) => {
  let best = null;
  let bestDegree = -1;
  for (const item of ordered) {
    if (item.kind !== KIND_PROBLEM) continue;
    const degree = succ.get(item.id).length + pred.get(item.id).length;
    if (degree > bestDegree) {
      best = item.id;
      bestDegree = degree;
    }
  }
  return best;
};

// Breadth-first: a cause's layer is minus the length of its shortest chain of
// causes to the problem, an effect's the length of its shortest chain of
// effects from it. Without a problem, causes that cause no other cause are
// the direct ones (-1) and effects that no effect causes are the direct ones (+1).
const assignLayers = (ordered, items, problem, succ, pred) => {
  let causeRoots;
  let effectRoots;
  if (problem !== null) {
    items.get(problem).layer = 0;
    causeRoots = [problem];
    effectRoots = [problem];
  } else {
    causeRoots = ordered
      .filter((i) => i.kind === KIND_CAUSE && succ.get(i.id).every((t) => items.get(t).kind !== KIND_CAUSE))
      .map((i) => i.id);
    effectRoots = ordered
      .filter((i) => i.kind === KIND_EFFECT && pred.get(i.id).every((s) => items.get(s).kind !== KIND_EFFECT))
      .map((i) => i.id);
    for (const id of causeRoots) items.get(id).layer = -1;
    for (const id of effectRoots) items.get(id).layer = 1;
  }
  for (const [roots, step, kind, adjacency] of [
    [causeRoots, -1, KIND_CAUSE, pred],
    [effectRoots, 1, KIND_EFFECT, succ],
  ]) {
    const queue = [...roots];
    let head = 0;
    while (head < queue.length) {
      const current = items.get(queue[head]);
      head += 1;
      for (const otherId of adjacency.get(current.id)) {
        const other = items.get(otherId);
        if (other.kind === kind && other.layer === null) {
          other.layer = (current.layer || 0) + step;
          queue.push(otherId);
        }
      }
    }
  }
};

// Barycenter sweeps: outward from the problem, back inward, outward again.
// A node is keyed by the mean position (scaled to 0..1) of its neighbours in
// the layer it is compared with; one without such neighbours keeps its place.
const orderLayers = (layers, items, neighbours) => {
  const keys = [...layers.keys()];
  const effects = keys.filter((l) => l > 0).sort((a, b) => a - b);
  const causes = keys.filter((l) => l < 0).sort((a, b) => b - a);
  for (const sweep of SWEEPS) {
    for (const [side, step] of [
      [effects, 1],
      [causes, -1],
    ]) {
      const sequence = sweep === "outward" ? side : side.slice().reverse().slice(1);
      for (const layer of sequence) {
        const reference = sweep === "outward" ? layer - step : layer + step;
        sortByBarycenter(layers.get(layer), layers.get(reference) || [], items, neighbours);
      }
    }
  }
  for (const row of layers.values()) {
    row.forEach((id, index) => {
      items.get(id).order = index;
    });
  }
};

const sortByBarycenter = (row, reference, items, neighbours) => {
  const position = new Map();
  reference.forEach((id, i) => position.set(id, i));
  const size = reference.length;
  const keys = new Map();
  row.forEach((id, index) => {
    let total = 0;
    let count = 0;
    for (const other of neighbours.get(id)) {
      if (position.has(other)) {
        total += 2 * position.get(other) + 1;
        count += 1;
      }
    }
    keys.set(id, count ? total / (2 * size * count) : (2 * index + 1) / (2 * row.length));
  });
  row.sort((a, b) => compareNumbers(keys.get(a), keys.get(b)) || compareItems(items.get(a), items.get(b)));
};

// Layer 0 is centred on x = 0; each layer outward sits under (over) its
// neighbours in the layer inside it, pushed apart left to right and then
// shifted back by the mean push, so no layer drifts sideways.
const placeX = (layers, items, neighbours, opts) => {
  const step = opts.nodeWidth + opts.columnGap;
  for (const id of layers.get(0) || []) items.get(id).x = -Math.floor(opts.nodeWidth / 2);
  for (const direction of [1, -1]) {
    let layer = direction;
    while (layers.has(layer)) {
      const inner = new Set(layers.get(layer - direction) || []);
      const row = layers.get(layer);
      const desired = row.map((id) => {
        let sum = 0;
        let count = 0;
        for (const other of neighbours.get(id)) {
          if (inner.has(other)) {
            sum += items.get(other).x;
            count += 1;
          }
        }
        return count ? roundDiv(sum, count) : null;
      });
      if (desired.every((d) => d === null)) {
        const total = row.length * opts.nodeWidth + (row.length - 1) * opts.columnGap;
        const start = -Math.floor(total / 2);
        row.forEach((id, index) => {
          items.get(id).x = start + index * step;
        });
      } else {
        const placed = [];
        desired.forEach((wish, index) => {
          if (index === 0) {
            placed.push(wish !== null ? wish : 0);
          } else {
            const floor = placed[placed.length - 1] + step;
            placed.push(wish !== null ? Math.max(wish, floor) : floor);
          }
        });
        let pushSum = 0;
        let pushCount = 0;
        desired.forEach((wish, index) => {
          if (wish !== null) {
            pushSum += placed[index] - wish;
            pushCount += 1;
          }
        });
        const shift = roundDiv(pushSum, pushCount);
        row.forEach((id, index) => {
          items.get(id).x = placed[index] - shift;
        });
      }
      layer += direction;
    }
  }
  const linked = [...layers.values()].flat();
  if (linked.length) {
    let minX = Infinity;
    for (const id of linked) minX = Math.min(minX, items.get(id).x);
    const offset = opts.margin - minX;
    for (const id of linked) items.get(id).x += offset;
  }
};

// Rows from the highest layer (indirect effects) down. Boxes lean towards the
// problem: effects sit on the bottom of their row, causes hang from its top,
// so arrows between rows have even lengths.
const placeRows = (layers, items, opts) => {
  const rows = [];
  let y = opts.margin;
  const order = [...layers.keys()].sort((a, b) => b - a);
  for (const layer of order) {
    const ids = layers.get(layer);
    let height = 0;
    for (const id of ids) height = Math.max(height, items.get(id).height);
    for (const id of ids) {
      const spare = height - items.get(id).height;
      items.get(id).y = y + (layer > 0 ? spare : layer === 0 ? Math.floor(spare / 2) : 0);
    }
    const section = layer > 0 ? SECTION_EFFECTS : layer === 0 ? SECTION_PROBLEM : SECTION_CAUSES;
    rows.push({ section, layer, y, height, ids: [...ids] });
    y += height + opts.layerGap;
  }
  return { rows, bottom: rows.length ? y - opts.layerGap : y };
};

// The bottom band: extra problems first, then causes, effects and unknown
// kinds, wrapped at the width of the drawing above (at least
// `unlinkedMinPerRow` boxes a row).
const placeUnlinked = (unlinked, layers, items, bottom, opts) => {
  if (!unlinked.length) return [];
  const step = opts.nodeWidth + opts.columnGap;
  const linked = [...layers.values()].flat().map((id) => items.get(id));
  let span = 0;
  if (linked.length) {
    let minX = Infinity;
    let maxX = -Infinity;
    for (const item of linked) {
      minX = Math.min(minX, item.x);
      maxX = Math.max(maxX, item.x);
    }
    span = maxX + opts.nodeWidth - minX;
  }
  const perRow = Math.max(opts.unlinkedMinPerRow, Math.floor((span + opts.columnGap) / step));
  let y = linked.length ? bottom + opts.bandGap : opts.margin;
  const rows = [];
  for (let start = 0; start < unlinked.length; start += perRow) {
    const chunk = unlinked.slice(start, start + perRow);
    let height = 0;
    for (const item of chunk) height = Math.max(height, item.height);
    chunk.forEach((item, index) => {
      item.order = start + index;
      item.x = opts.margin + index * step;
      item.y = y;
    });
    rows.push({ section: SECTION_UNLINKED, layer: null, y, height, ids: chunk.map((i) => i.id) });
    y += height + opts.layerGap;
  }
  return rows;
};

const sidesOf = (source, target) => {
  if (source.y + source.height <= target.y) return [SIDE_BOTTOM, SIDE_TOP];
  if (target.y + target.height <= source.y) return [SIDE_TOP, SIDE_BOTTOM];
  return source.x <= target.x ? [SIDE_RIGHT, SIDE_LEFT] : [SIDE_LEFT, SIDE_RIGHT];
};

const isVertical = (side) => side === SIDE_TOP || side === SIDE_BOTTOM;

// Each end gets its own port: the edges on one side of a box are spread
// evenly along it, in the order of the boxes at their other ends. Edges
// between rows bend twice, in the gap next to the target's row.
const routeEdges = (links, items, rows, rowOf, opts) => {
  const sides = links.map(([, s, t]) => sidesOf(items.get(s), items.get(t)));
  const ports = new Map();
  links.forEach(([edgeId, source, target], index) => {
    const [sourceSide, targetSide] = sides[index];
    for (const [nodeId, side, other] of [
      [source, sourceSide, target],
      [target, targetSide, source],
    ]) {
      const along = isVertical(side) ? items.get(other).x : items.get(other).y;
      const key = `${side}\u0000${nodeId}`;
      if (!ports.has(key)) ports.set(key, { nodeId, side, entries: [] });
      ports.get(key).entries.push([along, edgeId, index]);
    }
  });
  const anchor = new Map();
  for (const { nodeId, side, entries } of ports.values()) {
    entries.sort((a, b) => compareNumbers(a[0], b[0]) || compareCodePoints(a[1], b[1]) || a[2] - b[2]);
    const item = items.get(nodeId);
    const n = entries.length;
    entries.forEach(([, , index], k) => {
      let point;
      if (isVertical(side)) {
        point = [
          item.x + Math.floor((opts.nodeWidth * (k + 1)) / (n + 1)),
          side === SIDE_TOP ? item.y : item.y + item.height,
        ];
      } else {
        point = [
          side === SIDE_LEFT ? item.x : item.x + opts.nodeWidth,
          item.y + Math.floor((item.height * (k + 1)) / (n + 1)),
        ];
      }
      anchor.set(`${index}\u0000${nodeId}`, point);
    });
  }
  return links.map(([edgeId, source, target], index) => {
    const [sourceSide, targetSide] = sides[index];
    const start = anchor.get(`${index}\u0000${source}`);
    const end = anchor.get(`${index}\u0000${target}`);
    let points = [start, end];
    if (isVertical(sourceSide) && start[0] !== end[0]) {
      const i = rowOf.get(target);
      const row = rows[i];
      let bend;
      if (sourceSide === SIDE_TOP) {
        // going up: bend under the target's row
        const below = i + 1 < rows.length ? rows[i + 1].y : row.y + row.height + opts.layerGap;
        bend = row.y + row.height + Math.floor((below - row.y - row.height) / 2);
      } else {
        const above = i > 0 ? rows[i - 1].y + rows[i - 1].height : row.y - opts.layerGap;
        bend = above + Math.floor((row.y - above) / 2);
      }
      points = [start, [start[0], bend], [end[0], bend], end];
    }
    return { id: edgeId, source, target, sourceSide, targetSide, points };
  });
};

const sections = (rows) => {
  const result = [];
  for (const row of rows) {
    const last = result[result.length - 1];
    if (last && last.name === row.section) {
      last.height = row.y + row.height - last.y;
    } else {
      result.push({ name: row.section, y: row.y, height: row.height });
    }
  }
  return result;
};
