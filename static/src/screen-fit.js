// The arithmetic of the projector's tree (display-tree.jsx), with no DOM so
// Node's test runner covers it: the largest text size at which the tree fits
// its area, the bands the layout's rows go in, and the connectors drawn
// between boxes once the browser has placed them.

/** Node text on the wall: never larger (a lone problem stays a sentence, not a banner). */
export const SCREEN_FONT_MAX = 40;
/** Never smaller: a larger tree is scaled down as a whole below this. */
export const SCREEN_FONT_MIN = 12;

/**
 * The largest whole size in [min, max] at which `fits(size)` holds, tried
 * from the largest down: a smaller text does not always take less room (rows
 * of boxes wrap at some sizes and not at others), so no bisection.
 * @param {(size: number) => boolean} fits tries a size (lays the tree out at it)
 * @param {number} [min]
 * @param {number} [max]
 * @returns {{size: number, fits: boolean}} fits: false when not even `min` does
 */
export const largestFit = (fits, min = SCREEN_FONT_MIN, max = SCREEN_FONT_MAX) => {
  for (let size = max; size >= min; size -= 1) if (fits(size)) return { size, fits: true };
  return { size: min, fits: false };
};

/**
 * The layout's rows (tree-layout.js) gathered by section, top to bottom:
 * effects, the problem, causes, then what is not linked.
 * @param {Array<{section: string, layer: number|null, ids: string[]}>} rows
 * @returns {Array<{section: string, rows: string[][]}>}
 */
export const bandsOf = (rows) => {
  const bands = [];
  for (const row of rows) {
    if (row.ids.length === 0) continue;
    const last = bands[bands.length - 1];
    if (last && last.section === row.section) last.rows.push(row.ids);
    else bands.push({ section: row.section, rows: [row.ids] });
  }
  return bands;
};

const r1 = (value) => Math.round(value * 10) / 10;

/**
 * A connector from the box that causes to the box it leads to, both as
 * rectangles in the same coordinates: out of the source's edge that faces the
 * target, along a bus `bus` px past that edge (in the gap between the rows,
 * clear of the taller boxes of the target's row), into the target (where the
 * arrowhead goes). Boxes side by side join at their facing sides.
 * @param {{x: number, y: number, width: number, height: number}} from
 * @param {{x: number, y: number, width: number, height: number}} to
 * @param {number} bus distance of the horizontal run from the source's edge
 * @returns {string} SVG path data
 */
export const connectorPath = (from, to, bus) => {
  const fx = from.x + from.width / 2;
  const tx = to.x + to.width / 2;
  if (from.y >= to.y + to.height) {
    // Below the target (a cause under what it causes, the problem under an effect).
    const sy = from.y;
    const ty = to.y + to.height;
    const my = Math.max(sy - bus, ty);
    return `M${r1(fx)} ${r1(sy)} V${r1(my)} H${r1(tx)} V${r1(ty)}`;
  }
  if (from.y + from.height <= to.y) {
    const sy = from.y + from.height;
    const ty = to.y;
    const my = Math.min(sy + bus, ty);
    return `M${r1(fx)} ${r1(sy)} V${r1(my)} H${r1(tx)} V${r1(ty)}`;
  }
  // Overlapping rows: side to side, at mid-height.
  const leftToRight = fx <= tx;
  const sx = leftToRight ? from.x + from.width : from.x;
  const ex = leftToRight ? to.x : to.x + to.width;
  const sy = from.y + from.height / 2;
  const ty = to.y + to.height / 2;
  const mx = (sx + ex) / 2;
  return `M${r1(sx)} ${r1(sy)} H${r1(mx)} V${r1(ty)} H${r1(ex)}`;
};
