// «Revisión del método»: the server's Marco Lógico checks of the tree, live.
// Counts of errors and warnings are always shown; the list opens and closes
// (remembered per device). Each message names its ideas and is a button that
// takes the current view to them. A change in the number of errors is
// announced. For the facilitator, a likely duplicate offers «Fusionar».

import { useEffect, useRef, useState } from "preact/hooks";
import { mergeNodes } from "./tree-api.js";
import { mergePairOf, presentNodeIds } from "./tree-checks.js";
import { shorten, textOf } from "./tree-labels.js";
import { useTree } from "./use-tree.js";

const OPEN_KEY = "cocrea.checksOpen";
const OPEN_FIRST_QUERY = "(min-width: 48rem)";

const readOpen = () => {
  try {
    const stored = window.localStorage.getItem(OPEN_KEY);
    if (stored === "1" || stored === "0") return stored === "1";
  } catch {
    // private mode: fall back to the screen size
  }
  return Boolean(window.matchMedia && window.matchMedia(OPEN_FIRST_QUERY).matches);
};

const countText = (t, key, count) => (count === 1 ? t(`${key}_one`) : t(`${key}_other`, { count }));

/**
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {string} props.workshopId
 * @param {import("./use-tree-report.js").TreeReport} props.report
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} props.canMerge the facilitator, while the tree is editable for them
 * @param {(ids: string[]) => void} props.onShow take the current view to these nodes
 * @param {(text: string, options?: {error?: boolean}) => void} props.notify
 */
export function ChecksPanel({ doc, workshopId, report, t, canMerge, onShow, notify }) {
  const tree = useTree(doc);
  const [open, setOpen] = useState(readOpen);
  const [announce, setAnnounce] = useState("");
  const [merging, setMerging] = useState(null);
  const lastErrors = useRef(null);
  const { errors, warnings } = report.summary;

  useEffect(() => {
    if (report.status !== "ready") return;
    const count = errors.length;
    if (lastErrors.current !== null && lastErrors.current !== count)
      setAnnounce(count === 0 ? t("checks.announce_none") : countText(t, "checks.announce", count));
    lastErrors.current = count;
  }, [report.status, errors.length]);

  const toggle = () => {
    setOpen(!open);
    try {
      window.localStorage.setItem(OPEN_KEY, open ? "0" : "1");
    } catch {
      // the choice still holds for this page
    }
  };

  const names = (ids) =>
    ids.map((id) => {
      const node = tree.nodes.get(id);
      return node ? `«${shorten(textOf(node)) || t("tree.no_text")}»` : t("checks.missing_node");
    });

  const renderCheck = (check) => {
    const targets = presentNodeIds(check, tree);
    const pair = canMerge ? mergePairOf(check, tree) : null;
    const label = names(check.nodeIds).join(" · ");
    return (
      <li key={check.key} class={`check check--${check.severity}`} data-rule={check.rule}>
        {targets.length > 0 ? (
          <button type="button" class="check-link" onClick={() => onShow(targets)}>
            <span class="check-message">{check.message}</span>
            {label && <span class="check-nodes">{label}</span>}
          </button>
        ) : (
          <p class="check-link check-link--static">
            <span class="check-message">{check.message}</span>
          </p>
        )}
        {pair &&
          (merging === check.key ? (
            <MergeForm
              pair={pair}
              tree={tree}
              t={t}
              workshopId={workshopId}
              notify={notify}
              onDone={() => setMerging(null)}
            />
          ) : (
            <button type="button" class="button button--small" onClick={() => setMerging(check.key)}>
              {t("checks.merge")}
            </button>
          ))}
      </li>
    );
  };

  const listId = "checks-list";
  let state = "";
  if (report.status === "loading") state = t("checks.loading");
  else if (report.status === "failed") state = t("checks.failed");
  else if (report.pending) state = t("checks.pending");

  return (
    <section class="checks" aria-labelledby="checks-heading">
      <div class="checks-head">
        <h3 id="checks-heading">{t("checks.title")}</h3>
        <span class={`check-count check-count--error${errors.length ? "" : " check-count--zero"}`}>
          {countText(t, "checks.errors", errors.length)}
        </span>
        <span class={`check-count check-count--warning${warnings.length ? "" : " check-count--zero"}`}>
          {countText(t, "checks.warnings", warnings.length)}
        </span>
        <span class="checks-state">{state}</span>
        <button
          type="button"
          class="button button--small checks-toggle"
          aria-expanded={open ? "true" : "false"}
          aria-controls={listId}
          onClick={toggle}
        >
          {open ? t("checks.hide") : t("checks.show")}
        </button>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <div id={listId} class="checks-body" hidden={!open}>
        {report.status === "ready" && errors.length === 0 && warnings.length === 0 && (
          <p class="checks-empty">{t("checks.none")}</p>
        )}
        {errors.length > 0 && (
          <>
            <h4 class="checks-group checks-group--error">{t("checks.errors_heading", { count: errors.length })}</h4>
            <ul class="check-list">{errors.map(renderCheck)}</ul>
          </>
        )}
        {warnings.length > 0 && (
          <>
            <h4 class="checks-group checks-group--warning">
              {t("checks.warnings_heading", { count: warnings.length })}
            </h4>
            <ul class="check-list">{warnings.map(renderCheck)}</ul>
          </>
        )}
        <p class="checks-note">{t("checks.note")}</p>
      </div>
    </section>
  );
}

/**
 * Which of two duplicates to keep, then POST …/tree/merge.
 * @param {object} props
 */
export function MergeForm({ pair, tree, t, workshopId, notify, onDone }) {
  const [keep, setKeep] = useState(pair[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const text = (id) => shorten(textOf(tree.nodes.get(id))) || t("tree.no_text");
  const remove = keep === pair[0] ? pair[1] : pair[0];
  const name = `merge-keep-${pair.join("-")}`;

  const submit = async (event) => {
    event.preventDefault();
    // Read before asking: the merged idea leaves the document before the answer arrives.
    const done = t("merge.done", { keep: text(keep), removed: text(remove) });
    setBusy(true);
    setError("");
    try {
      await mergeNodes(workshopId, keep, remove, { networkMessage: t("error.network") });
      notify(done);
      onDone();
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };

  return (
    <form class="merge-form" onSubmit={submit}>
      <fieldset>
        <legend>{t("merge.keep_which")}</legend>
        {pair.map((id) => (
          <label class="choice" key={id}>
            <input type="radio" name={name} value={id} checked={keep === id} onChange={() => setKeep(id)} />
            <span>{text(id)}</span>
          </label>
        ))}
      </fieldset>
      <p class="merge-note">{t("merge.note", { removed: text(remove) })}</p>
      <div class="merge-actions">
        <button type="submit" class="button button--small button--primary" disabled={busy}>
          {t("merge.confirm")}
        </button>
        <button type="button" class="button button--small" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
    </form>
  );
}
