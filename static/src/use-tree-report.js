// What the server says about the tree, kept fresh: its Marco Lógico checks and
// each node's objective role and suggested objective, from
// GET /api/workshops/{id}/tree once on load and ~800 ms after the document
// stops changing (at most every few seconds while it keeps changing).

import { useEffect, useState } from "preact/hooks";
import { createDebouncedTask } from "./debounced-task.js";
import { readChecks, summarizeChecks } from "./tree-checks.js";
import { fetchTree } from "./tree-api.js";

/** Quiet time after a change before the checks are fetched again. */
export const REPORT_DELAY_MS = 800;
/** Longest wait while changes keep coming. */
export const REPORT_MAX_WAIT_MS = 4000;

/**
 * @typedef {object} TreeReport
 * @property {"loading"|"ready"|"failed"} status
 * @property {boolean} pending a change has not been checked yet
 * @property {import("./tree-checks.js").Check[]} checks
 * @property {import("./tree-checks.js").CheckSummary} summary
 * @property {Map<string, {role: string|null, text: string}>} suggestions node id → objective role and suggestion
 * @property {string[]} authorIds every participant id the tree names (authors, merged authors)
 */

const EMPTY_SUMMARY = summarizeChecks([]);

/**
 * Reads the suggestions and author ids out of a tree answer.
 * @param {any} data
 * @returns {{suggestions: Map<string, {role: string|null, text: string}>, authorIds: string[]}}
 */
export const readTreeAnswer = (data) => {
  const suggestions = new Map();
  const authors = new Set();
  const nodes = data && Array.isArray(data.nodes) ? data.nodes : [];
  for (const node of nodes) {
    if (!node || typeof node.id !== "string") continue;
    suggestions.set(node.id, {
      role: typeof node.objective_role === "string" ? node.objective_role : null,
      text: typeof node.suggested_objective === "string" ? node.suggested_objective : "",
    });
    if (typeof node.created_by === "string") authors.add(node.created_by);
    for (const merged of Array.isArray(node.merged_from) ? node.merged_from : []) {
      if (merged && typeof merged.created_by === "string") authors.add(merged.created_by);
    }
  }
  return { suggestions, authorIds: [...authors] };
};

/**
 * @param {import("yjs").Doc} doc the tree document (its changes trigger a refetch)
 * @param {string} workshopId
 * @param {(checks: import("./tree-checks.js").Check[]) => import("./tree-checks.js").Check[]} [localize]
 *   the checks in the page's language (tree-checks.js localizeChecks)
 * @returns {TreeReport}
 */
export const useTreeReport = (doc, workshopId, localize = (checks) => checks) => {
  const [report, setReport] = useState(() => ({
    status: "loading",
    pending: true,
    checks: [],
    summary: EMPTY_SUMMARY,
    suggestions: new Map(),
    authorIds: [],
  }));

  useEffect(() => {
    let live = true;
    let serial = 0;
    const task = createDebouncedTask(
      async () => {
        const mine = (serial += 1);
        try {
          const data = await fetchTree(workshopId);
          if (!live || mine !== serial) return;
          const checks = localize(readChecks(data && data.checks));
          setReport({
            status: "ready",
            pending: false,
            checks,
            summary: summarizeChecks(checks),
            ...readTreeAnswer(data),
          });
        } catch {
          if (live && mine === serial) setReport((previous) => ({ ...previous, status: "failed", pending: false }));
        }
      },
      { delay: REPORT_DELAY_MS, maxWait: REPORT_MAX_WAIT_MS },
    );
    const onUpdate = () => {
      setReport((previous) => (previous.pending ? previous : { ...previous, pending: true }));
      task.trigger();
    };
    doc.on("update", onUpdate);
    task.runNow();
    return () => {
      live = false;
      doc.off("update", onUpdate);
      task.destroy();
    };
  }, [doc, workshopId]);

  return report;
};
