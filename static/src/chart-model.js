// Numbers to bars: the scale of each results chart and the length of every
// bar and segment, in percent of the chart's width. Plain data; the
// components in results-view.jsx and bar-chart.jsx draw it as DOM.

import { METHOD_APPROVAL, METHOD_CONSENT, METHOD_FIST, METHOD_SCORE } from "./ballot-model.js";

/** Methods whose totals are sums over ballots, so sectors stack up to the total. */
export const ADDITIVE_METHODS = ["approval", "dots", "ranked", "consent", "fist_to_five"];

/**
 * The smallest "round" number (1, 2 or 5 times a power of ten) at or above
 * the largest value, and at least `floor`.
 * @param {Array<number|null|undefined>} values
 * @param {number} [floor]
 * @returns {number}
 */
export const niceMax = (values, floor = 1) => {
  const top = Math.max(floor, ...values.filter((v) => typeof v === "number" && Number.isFinite(v)));
  const power = 10 ** Math.floor(Math.log10(top));
  for (const step of [1, 2, 5, 10]) if (step * power >= top - 1e-9) return step * power;
  return 10 * power;
};

/**
 * The length of a bar, 0–100, on a scale from `min` to `max`; no value, no bar.
 * @param {number|null|undefined} value
 * @param {{min?: number, max: number}} scale
 * @returns {number}
 */
export const barPercent = (value, { min = 0, max }) => {
  if (typeof value !== "number" || !Number.isFinite(value) || !(max > min)) return 0;
  const percent = ((value - min) / (max - min)) * 100;
  return Math.min(100, Math.max(0, Math.round(percent * 10) / 10));
};

/**
 * The scale of a round's totals chart: approvals out of the people who
 * voted, scores on the round's scale, consent responses out of the answers,
 * points and Borda points up to the largest total.
 * @param {string} method
 * @param {Record<string, any>} results
 * @returns {{min: number, max: number}}
 */
export const totalsScale = (method, results) => {
  const totals = Object.values(results.totals || {});
  if (method === METHOD_SCORE) {
    const scale = results.scale || {};
    return { min: Number.isFinite(scale.min) ? scale.min : 0, max: Number.isFinite(scale.max) ? scale.max : 5 };
  }
  if (method === METHOD_APPROVAL) {
    const voted = (results.participation && results.participation.voted) || 0;
    return { min: 0, max: Math.max(1, voted, ...totals.filter(Number.isFinite)) };
  }
  if (method === METHOD_CONSENT || method === METHOD_FIST) {
    const counts = Object.values(results.counts || {}).map((row) => Object.values(row).reduce((a, b) => a + b, 0));
    return { min: 0, max: Math.max(1, ...counts) };
  }
  return { min: 0, max: niceMax(totals) };
};

/**
 * @typedef {object} Bar
 * @property {string} id
 * @property {number|null} value
 * @property {number} percent
 */

/**
 * One bar per option, in the round's order.
 * @param {string[]} options
 * @param {Record<string, number|null>} values
 * @param {{min?: number, max: number}} scale
 * @returns {Bar[]}
 */
export const barRows = (options, values, scale) =>
  options.map((id) => {
    const value = typeof values[id] === "number" ? values[id] : null;
    return { id, value, percent: barPercent(value, scale) };
  });

/**
 * @typedef {object} StackedRow
 * @property {string} id
 * @property {number} total
 * @property {Array<{key: string, value: number, percent: number}>} segments in `keys` order, empty ones left out
 */

/**
 * Stacked bars: for each option the parts `parts[key][option]` side by side,
 * all rows on one scale (the largest total, or `max` when given).
 * @param {string[]} options
 * @param {string[]} keys the parts in order (sectors, or response kinds)
 * @param {Record<string, Record<string, number|null>>} parts key → option → value
 * @param {number} [max]
 * @returns {{rows: StackedRow[], max: number}}
 */
export const stackedRows = (options, keys, parts, max) => {
  const value = (key, id) => {
    const n = parts[key] && parts[key][id];
    return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : 0;
  };
  const totals = options.map((id) => keys.reduce((sum, key) => sum + value(key, id), 0));
  const scaleMax = max && max > 0 ? max : Math.max(1, ...totals);
  const rows = options.map((id, index) => ({
    id,
    total: totals[index],
    segments: keys
      .map((key) => ({ key, value: value(key, id), percent: barPercent(value(key, id), { max: scaleMax }) }))
      .filter((segment) => segment.value > 0),
  }));
  return { rows, max: scaleMax };
};

/**
 * Turns `{option: {kind: n}}` (consent counts) into `{kind: {option: n}}`, the shape `stackedRows` reads.
 * @param {Record<string, Record<string, number>>} byOption
 * @returns {Record<string, Record<string, number>>}
 */
export const transpose = (byOption) => {
  const out = {};
  for (const [option, row] of Object.entries(byOption || {})) {
    for (const [key, n] of Object.entries(row || {})) (out[key] = out[key] || {})[option] = n;
  }
  return out;
};

/**
 * Participation by sector: who voted out of who could, sectors in the server's order.
 * @param {{by_sector?: Record<string, {eligible: number, voted: number}>}} participation
 * @returns {Array<{sector: string, voted: number, eligible: number, percent: number}>}
 */
export const participationRows = (participation) =>
  Object.entries((participation && participation.by_sector) || {}).map(([sector, n]) => ({
    sector,
    voted: n.voted || 0,
    eligible: n.eligible || 0,
    percent: barPercent(n.voted || 0, { max: Math.max(1, n.eligible || 0) }),
  }));

/**
 * A number as the charts print it: whole numbers as they are, others with
 * up to two decimals, in the page's language; no value, a dash.
 * @param {number|null|undefined} value
 * @param {string} lang
 * @returns {string}
 */
export const formatNumber = (value, lang) => {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(lang === "en" ? "en" : "es-MX", { maximumFractionDigits: 2 }).format(value);
};
