// The minuta draft's rules the browser applies before writing (docs/minutes.md
// «The draft»); the server reads the document by the same rules
// (workshops/minuta_draft.py).

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A due date the draft keeps: "" (no date) or a real calendar day as YYYY-MM-DD.
 * @param {string} value
 */
export const validDate = (value) => {
  if (value === "") return true;
  if (typeof value !== "string" || !DATE_RE.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
};
