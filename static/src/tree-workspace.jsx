// The problem-tree area of the room: the switch between the graph, the
// outline and the objective tree (remembered per device), undo/redo of this
// person's own edits, the keyboard help, a status line for what just
// happened, the server's checks of the tree, the view, and the export links.
// The graph editor and the objectives view are separate chunks, loaded the
// first time they are shown, so the outline and the rest of the room load
// fast on a phone.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ChecksPanel } from "./checks-panel.jsx";
import { useLazyModule } from "./lazy-module.js";
import { DownloadLink, DownloadNotice, useDownloads } from "./download-links.jsx";
import { EXPORT_FORMATS, exportUrl } from "./tree-api.js";
import { TreeOutline } from "./tree-outline.jsx";
import { TreeTrail } from "./tree-trail.jsx";
import { createTreeUndo, undoKeyOf } from "./tree-undo.js";
import { useMemberNames } from "./use-member-names.js";
import { localizeChecks } from "./tree-checks.js";
import { useTreeReport } from "./use-tree-report.js";
import { withLaterAssets } from "./later-assets.js";

const VIEW_KEY = "cocrea.treeView";
export const VIEW_GRAPH = "graph";
export const VIEW_OUTLINE = "outline";
export const VIEW_OBJECTIVES = "objectives";
const VIEWS = [VIEW_GRAPH, VIEW_OUTLINE, VIEW_OBJECTIVES];
const VIEW_LABELS = {
  [VIEW_GRAPH]: "tree.view_graph",
  [VIEW_OUTLINE]: "tree.view_outline",
  [VIEW_OBJECTIVES]: "tree.view_objectives",
};
/** Below this width a device starts on the outline; wider ones on the graph. */
const GRAPH_FIRST_QUERY = "(min-width: 48rem)";
/** How long a status message stays (errors and undo offers included). */
const MESSAGE_MS = 12000;

const readView = () => {
  try {
    const stored = window.localStorage.getItem(VIEW_KEY);
    if (VIEWS.includes(stored)) return stored;
  } catch {
    // private mode: fall back to the screen size
  }
  return window.matchMedia && window.matchMedia(GRAPH_FIRST_QUERY).matches ? VIEW_GRAPH : VIEW_OUTLINE;
};

const useView = () => {
  const [view, setView] = useState(readView);
  const choose = (next) => {
    setView(next);
    try {
      window.localStorage.setItem(VIEW_KEY, next);
    } catch {
      // the choice still holds for this page
    }
  };
  return [view, choose];
};

const loadGraph = withLaterAssets(() => import("./graph-editor.jsx"));
const loadObjectives = withLaterAssets(() => import("./objectives-view.jsx"));

const useUndo = (doc) => {
  const undo = useMemo(() => createTreeUndo(doc), [doc]);
  const [stacks, setStacks] = useState({ undo: 0, redo: 0 });
  useEffect(() => {
    const update = () => setStacks({ undo: undo.undoStack.length, redo: undo.redoStack.length });
    update();
    undo.on("stack-item-added", update);
    undo.on("stack-item-popped", update);
    undo.on("stack-cleared", update);
    return () => undo.destroy();
  }, [undo]);
  return { undo, canUndo: stacks.undo > 0, canRedo: stacks.redo > 0 };
};

/**
 * The problem-tree workspace of the room.
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {string} props.workshopId
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} props.editable
 * @param {boolean} props.loading
 * @param {{participant_id: string, role: string}} props.me
 * @param {string} props.problemStatement
 * @param {Map<string, Array<{id: string, name: string}>>} props.editors
 * @param {Map<string, string>} props.names participant id → name of the people present
 * @param {(nodeId: string|null) => void} props.onEditing
 */
export function TreeWorkspace({
  doc,
  workshopId,
  lang,
  t,
  editable,
  loading,
  me,
  problemStatement,
  editors,
  names: present,
  onEditing,
}) {
  const [view, setView] = useView();
  const graph = useLazyModule("graph", loadGraph, view === VIEW_GRAPH);
  const objectives = useLazyModule("objectives", loadObjectives, view === VIEW_OBJECTIVES);
  const report = useTreeReport(doc, workshopId, (checks) => localizeChecks(checks, t, lang));
  const names = useMemberNames(workshopId, present, report.authorIds);
  const [target, setTarget] = useState({ ids: [], serial: 0 });
  const { undo, canUndo, canRedo } = useUndo(doc);
  const [message, setMessage] = useState({ text: "", undo: false, error: false, serial: 0 });
  const root = useRef(null);
  const editableRef = useRef(editable);
  editableRef.current = editable;

  useEffect(() => {
    if (!message.text) return undefined;
    const timer = setTimeout(
      () => setMessage((current) => (current.serial === message.serial ? { ...current, text: "" } : current)),
      MESSAGE_MS,
    );
    return () => clearTimeout(timer);
  }, [message.serial]);

  const notify = (text, options = {}) =>
    setMessage((previous) => ({
      text,
      undo: Boolean(options.undo),
      error: Boolean(options.error),
      serial: previous.serial + 1,
    }));

  const runUndo = () => {
    if (editableRef.current && undo.undoStack.length > 0) undo.undo();
  };
  const runRedo = () => {
    if (editableRef.current && undo.redoStack.length > 0) undo.redo();
  };

  useEffect(() => {
    // Ctrl/Cmd+Z inside a field would run the browser's own text undo; the
    // tree's undo replaces it so that both views and every field agree.
    const onKey = (event) => {
      const action = undoKeyOf(event);
      if (!action) return;
      const target = event.target;
      const inside = root.current && root.current.contains(target);
      const onPage = target === document.body || target === document.documentElement || (target && target.id === "app");
      if (!inside && !onPage) return;
      event.preventDefault();
      if (action === "undo") runUndo();
      else runRedo();
    };
    // Each field or button a person moves to starts a new undo step: typing in
    // a new node undoes apart from creating it.
    const onFocus = () => undo.stopCapturing();
    const element = root.current;
    document.addEventListener("keydown", onKey);
    element.addEventListener("focusin", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      element.removeEventListener("focusin", onFocus);
    };
  }, [undo]);

  const show = (ids) => setTarget((previous) => ({ ids, serial: previous.serial + 1 }));
  const shared = {
    doc,
    t,
    editable,
    me,
    problemStatement,
    editors,
    names,
    onEditing,
    notify,
    flags: report.summary.byNode,
    suggestions: report.suggestions,
    target,
  };
  const lazyView = view === VIEW_GRAPH ? graph : view === VIEW_OBJECTIVES ? objectives : null;
  const LazyView =
    lazyView && lazyView.module && (view === VIEW_GRAPH ? lazyView.module.GraphEditor : lazyView.module.ObjectivesView);

  return (
    <div class="tree-workspace" ref={root}>
      <div class="tree-toolbar">
        <div class="view-switch" role="group" aria-label={t("tree.view")}>
          {VIEWS.map((id) => (
            <button
              key={id}
              type="button"
              class="view-switch-button"
              aria-pressed={view === id ? "true" : "false"}
              onClick={() => {
                // A new view starts without the last check's marks.
                setTarget({ ids: [], serial: 0 });
                setView(id);
              }}
            >
              {t(VIEW_LABELS[id])}
            </button>
          ))}
        </div>
        {editable && (
          <div class="undo-buttons" role="group" aria-label={t("tree.history")}>
            <button
              type="button"
              class="button button--small"
              disabled={!canUndo}
              onClick={runUndo}
              title={t("tree.undo_keys")}
            >
              {t("tree.undo")}
            </button>
            <button
              type="button"
              class="button button--small"
              disabled={!canRedo}
              onClick={runRedo}
              title={t("tree.redo_keys")}
            >
              {t("tree.redo")}
            </button>
          </div>
        )}
        <KeyHelp view={view} editable={editable} t={t} />
      </div>
      <div class={`tree-status${message.error ? " tree-status--error" : ""}`} role="status">
        {message.text && (
          <p key={message.serial}>
            {message.text}
            {message.undo && editable && canUndo && (
              <>
                {" "}
                <button type="button" class="button button--small" onClick={runUndo}>
                  {t("tree.undo")}
                </button>
              </>
            )}
          </p>
        )}
      </div>
      {!loading && (
        <ChecksPanel
          doc={doc}
          workshopId={workshopId}
          report={report}
          t={t}
          canMerge={editable && me.role === "facilitator"}
          onShow={show}
          notify={notify}
        />
      )}
      {loading && (
        <p class="tree-loading" role="status">
          {t("tree.loading")}
        </p>
      )}
      {!loading && (
        <TreeTrail
          doc={doc}
          workshopId={workshopId}
          me={me}
          editable={editable}
          names={names}
          lang={lang}
          t={t}
          notify={notify}
        />
      )}
      {!loading && view === VIEW_OUTLINE && <TreeOutline {...shared} />}
      {!loading && LazyView && <LazyView {...shared} />}
      {!loading && lazyView && !LazyView && (
        <p class="tree-loading" role="status">
          {lazyView.failed ? t("tree.view_load_failed") : t("tree.view_loading")}
        </p>
      )}
      <TreeDownloads workshopId={workshopId} lang={lang} t={t} />
    </div>
  );
}

/** The tree's download links (download-links.jsx: fetched, refusals said here). */
function TreeDownloads({ workshopId, lang, t }) {
  const downloads = useDownloads({
    subject: "tree",
    urlOf: (format) => exportUrl(workshopId, format, lang),
    labelOf: (format) => t(`export.${format}`),
    t,
  });
  return (
    <div class="tree-downloads">
      <p class="tree-export">
        <span class="tree-export-label">{t("export.title")}</span>
        {EXPORT_FORMATS.map((format) => (
          <DownloadLink key={format} downloads={downloads} format={format} />
        ))}
      </p>
      <DownloadNotice downloads={downloads} offered={() => EXPORT_FORMATS} />
    </div>
  );
}

function KeyHelp({ view, editable, t }) {
  const rows =
    view === VIEW_OBJECTIVES
      ? []
      : view === VIEW_OUTLINE
      ? [
          ["keys.arrows", "keys.outline_move"],
          ["keys.enter", "keys.outline_edit"],
          ["keys.escape", "keys.outline_leave"],
          ...(editable
            ? [
                ["keys.shift_enter", "keys.outline_sibling"],
                ["keys.ctrl_enter", "keys.outline_child"],
                ["keys.alt_right", "keys.outline_indent"],
                ["keys.alt_left", "keys.outline_outdent"],
                ["keys.delete", "keys.outline_delete"],
              ]
            : []),
        ]
      : [
          ["keys.graph_drag", "keys.graph_pan"],
          ["keys.graph_zoom_keys", "keys.graph_zoom"],
          ["keys.zero", "keys.graph_fit"],
          ...(editable
            ? [
                ["keys.graph_handle", "keys.graph_link"],
                ["keys.graph_grip", "keys.graph_relink"],
                ["keys.delete", "keys.graph_delete"],
                ["keys.escape", "keys.graph_cancel"],
              ]
            : []),
        ];
  if (editable) rows.push(["keys.undo", "keys.undo_what"], ["keys.redo", "keys.redo_what"]);
  if (rows.length === 0) return null;
  return (
    <details class="key-help">
      <summary>{t("keys.title")}</summary>
      <dl>
        {rows.map(([key, what]) => (
          <div class="key-help-row" key={key + what}>
            <dt>{t(key)}</dt>
            <dd>{t(what)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
