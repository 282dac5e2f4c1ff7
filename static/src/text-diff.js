// Turns a form field's edit into one Y.Text change, and moves a caret across
// a remote Y.Text change. Pure functions over strings and Yjs deltas.

const isHighSurrogate = (code) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The single splice that turns `before` into `after`: common prefix and suffix
 * are kept, the middle is deleted and replaced. Never splits a surrogate pair,
 * so an emoji is never half-deleted.
 * @param {string} before
 * @param {string} after
 * @returns {{index: number, deleteCount: number, insert: string}}
 */
export const diffText = (before, after) => {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start -= 1;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore -= 1;
    endAfter -= 1;
  }
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore += 1;
    endAfter += 1;
  }
  return { index: start, deleteCount: endBefore - start, insert: after.slice(start, endAfter) };
};

/**
 * Where a position in the old text lands after a Yjs text delta
 * (`[{retain}, {insert}, {delete}]`). Text inserted exactly at the position
 * goes after it, so a remote insertion at the caret does not push the caret.
 * @param {number} index
 * @param {Array<{retain?: number, insert?: string|object, delete?: number}>} delta
 * @returns {number}
 */
export const transformIndex = (index, delta) => {
  let oldPos = 0;
  let shift = 0;
  for (const op of delta) {
    if (oldPos >= index) break;
    if (op.retain !== undefined) {
      oldPos += op.retain;
    } else if (op.insert !== undefined) {
      if (oldPos < index) shift += typeof op.insert === "string" ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      if (oldPos < index) shift -= Math.min(op.delete, index - oldPos);
      oldPos += op.delete;
    }
  }
  return Math.max(0, index + shift);
};
