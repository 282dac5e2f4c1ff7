// Solution alternatives in the browser: the means of the objective tree they
// can address (from GET /api/workshops/{id}/tree), the live title and
// description in the `alternatives` Yjs document (docs/realtime.md), and the
// facilitator's reasoned response (PUT …/alternatives/{alt}/disposition) or
// split (POST …/alternatives/{alt}/split).

import * as Y from "yjs";
import { ALTERNATIVE_DESCRIPTION, ALTERNATIVE_TITLE, ALTERNATIVES_ITEMS, KIND_CAUSE } from "./document-schema.js";

export const DISPOSITION_PENDING = "pending";
export const DISPOSITION_ADOPTED = "adopted";
export const DISPOSITION_MERGED = "merged";
export const DISPOSITION_NOT_ADOPTED = "not_adopted";
/** Recorded by a split (its own action), never chosen as a response. */
export const DISPOSITION_SPLIT = "split";
/** The responses the facilitator records (pending is where every alternative starts). */
export const RESPONSES = [DISPOSITION_ADOPTED, DISPOSITION_MERGED, DISPOSITION_NOT_ADOPTED];
export const DISPOSITIONS = [DISPOSITION_PENDING, ...RESPONSES, DISPOSITION_SPLIT];

/** A split gives 2 to 10 parts, in these phases (workshops/alternatives.py). */
export const SPLIT_PARTS_MIN = 2;
export const SPLIT_PARTS_MAX = 10;
export const SPLIT_PHASES = ["alternativas", "votacion"];

/** Server limits (workshops/alternatives.py, server/alternatives.py). */
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 4000;
export const REASON_MAX = 2000;

/** The role the tree API gives a cause that yields a means. */
const ROLE_MEANS = "means";

/**
 * @typedef {object} Seed
 * @property {string} id tree node id
 * @property {string} objective the means as written in the objective tree ("" if not yet)
 * @property {string} text the cause it restates
 */

/**
 * The causes in scope, each with its objective (the means): the seeds of the
 * alternatives. Causes marked out of scope (givens) yield none.
 * @param {any} tree the answer of GET …/tree
 * @returns {Seed[]}
 */
export const seedsFromTree = (tree) => {
  const nodes = tree && Array.isArray(tree.nodes) ? tree.nodes : [];
  return nodes
    .filter((node) => node && node.kind === KIND_CAUSE && !node.out_of_scope)
    .filter((node) => node.objective_role === undefined || node.objective_role === null || node.objective_role === ROLE_MEANS)
    .map((node) => ({
      id: String(node.id),
      objective: typeof node.objective === "string" ? node.objective.trim() : "",
      text: typeof node.text === "string" ? node.text.trim() : "",
    }));
};

/**
 * How each tree node is named next to an alternative: its objective (the
 * means) when written, else its own text.
 * @param {any} tree the answer of GET …/tree
 * @returns {Map<string, {objective: string, text: string}>}
 */
export const nodeNames = (tree) => {
  const names = new Map();
  for (const node of tree && Array.isArray(tree.nodes) ? tree.nodes : []) {
    if (!node || typeof node.id !== "string") continue;
    names.set(node.id, {
      objective: typeof node.objective === "string" ? node.objective.trim() : "",
      text: typeof node.text === "string" ? node.text.trim() : "",
    });
  }
  return names;
};

/**
 * Alternatives another one can be merged into: not itself, not already merged or split.
 * @param {Array<{id: string, disposition: string}>} alternatives
 * @param {string} id
 * @returns {Array<{id: string, disposition: string}>}
 */
export const mergeTargets = (alternatives, id) =>
  alternatives.filter((a) => a.id !== id && a.disposition !== DISPOSITION_MERGED && a.disposition !== DISPOSITION_SPLIT);

/**
 * Whether the facilitator is offered «Dividir» for an alternative now: still
 * pending, not an option of a round still open (the server refuses that with
 * 409 too), in a phase that allows it.
 * @param {{disposition: string, in_open_round?: boolean}} alternative
 * @param {string} phase
 * @returns {boolean}
 */
export const canSplit = (alternative, phase) =>
  alternative.disposition === DISPOSITION_PENDING && !alternative.in_open_round && SPLIT_PHASES.includes(phase);

/**
 * The parts of a split as the dialog starts them: two, each addressing every
 * means of the original.
 * @param {{addresses?: string[]}} alternative
 * @returns {Array<{title: string, addresses: string[]}>}
 */
export const initialParts = (alternative) =>
  Array.from({ length: SPLIT_PARTS_MIN }, () => ({ title: "", addresses: [...(alternative.addresses || [])] }));

/**
 * The split as the server wants it, or the first thing missing: `count`
 * (2 to 10 parts), `title` (a part without one, with its index) or
 * `duplicate` (two parts with the same title, with the second one's index).
 * @param {Array<{title: string, addresses: string[]}>} parts
 * @param {{addresses?: string[]}} original
 * @param {string} [reason]
 * @returns {{body: {parts: Array<{title: string, addresses: string[]}>, reason?: string}|null, problem: string|null, index: number}}
 */
export const splitRequest = (parts, original, reason = "") => {
  if (parts.length < SPLIT_PARTS_MIN || parts.length > SPLIT_PARTS_MAX) return { body: null, problem: "count", index: -1 };
  const seen = new Set();
  const allowed = original.addresses || [];
  const clean = [];
  for (const [index, part] of parts.entries()) {
    const title = part.title.trim();
    if (!title) return { body: null, problem: "title", index };
    const key = title.toLocaleLowerCase("es");
    if (seen.has(key)) return { body: null, problem: "duplicate", index };
    seen.add(key);
    clean.push({ title: title.slice(0, TITLE_MAX), addresses: allowed.filter((id) => part.addresses.includes(id)) });
  }
  const body = { parts: clean };
  if (reason.trim()) body.reason = reason.trim().slice(0, REASON_MAX);
  return { body, problem: null, index: -1 };
};

/**
 * What became of a split alternative, or where a part came from, in titles.
 * @param {{split_into?: string[], split_from?: string|null}} alternative
 * @param {(id: string) => string} titleOf
 * @returns {{into: string[], from: string}}
 */
export const splitLinks = (alternative, titleOf) => ({
  into: (alternative.split_into || []).map(titleOf),
  from: alternative.split_from ? titleOf(alternative.split_from) : "",
});

/**
 * The reasoned response as the server wants it, or the first thing missing.
 * @param {{disposition: string, reason: string, mergedInto: string}} form
 * @returns {{body: Record<string, string>|null, problem: string|null}} problem: `disposition`, `reason` or `merged_into`
 */
export const dispositionRequest = ({ disposition, reason, mergedInto }) => {
  if (!RESPONSES.includes(disposition)) return { body: null, problem: "disposition" };
  if (disposition === DISPOSITION_MERGED && !mergedInto) return { body: null, problem: "merged_into" };
  const text = reason.trim();
  if (!text) return { body: null, problem: "reason" };
  const body = { disposition, reason: text.slice(0, REASON_MAX) };
  if (disposition === DISPOSITION_MERGED) body.merged_into = mergedInto;
  return { body, problem: null };
};

/**
 * The root map of the alternatives document.
 * @param {Y.Doc} doc
 * @returns {Y.Map<any>}
 */
export const alternativesMap = (doc) => doc.getMap(ALTERNATIVES_ITEMS);

/**
 * The shared title and description of an alternative, when the document has them.
 * @param {Y.Doc} doc
 * @param {string} id
 * @returns {{title: Y.Text|null, description: Y.Text|null}}
 */
export const alternativeTexts = (doc, id) => {
  const entry = alternativesMap(doc).get(id);
  if (!(entry instanceof Y.Map)) return { title: null, description: null };
  const title = entry.get(ALTERNATIVE_TITLE);
  const description = entry.get(ALTERNATIVE_DESCRIPTION);
  return {
    title: title instanceof Y.Text ? title : null,
    description: description instanceof Y.Text ? description : null,
  };
};
