// The problem tree as a graph: nodes are DOM boxes (text typed in place,
// read by screen readers) at the positions of the automatic layout; links are
// drawn from the layout's routes. Drag from a node's handle onto another node
// to link them, drag a selected link's end to re-link it; pan by dragging the
// background, zoom with the buttons, Ctrl+wheel or a pinch.
// This module and the ones it imports load as a separate chunk, on demand; it
// is the only module that imports the layout (tree-layout.js, shared with the
// SVG/PNG exports through its Python twin), with its default sizes, so the
// graph on screen is the picture the exports draw.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "./document-schema.js";
import { useConfirm } from "./confirm-dialog.jsx";
import { GraphEdges, EdgeTools } from "./graph-edges.jsx";
import { GraphNode } from "./graph-node.jsx";
import { boundsOf, buildScene } from "./graph-scene.js";
import { measuring, record, timed } from "./graph-timing.js";
import { layoutTree } from "./tree-layout.js";
import { END_SOURCE, END_TARGET, addLink, deleteLink, moveLinkEnd, resolveLink } from "./tree-links.js";
import { kindLabelKeys, shorten, textOf } from "./tree-labels.js";
import { addNode, buildOutline, deleteNode, isOthersNode } from "./tree-model.js";
import { DRAG_THRESHOLD, FOLLOW_ALL, useGraphView } from "./use-graph-view.js";
import { useShownTarget } from "./use-shown-target.js";
import { useTree } from "./use-tree.js";
import "./room-kit.js";

const ZOOM_STEP = 1.25;
const PAN_STEP = 60;
/** A click that ends a drag is not a click. */
const CLICK_AFTER_DRAG_MS = 400;

const nodeAt = (clientX, clientY) => {
  const element = document.elementFromPoint(clientX, clientY);
  const box = element && element.closest("[data-node-id]");
  return box ? box.getAttribute("data-node-id") : null;
};

/**
 * Graph view and editor of the problem tree.
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} props.editable
 * @param {{participant_id: string}} props.me
 * @param {string} props.problemStatement prefilled text of a new central problem
 * @param {Map<string, Array<{id: string, name: string}>>} props.editors other people editing each node
 * @param {(nodeId: string|null) => void} props.onEditing
 * @param {(text: string, options?: {undo?: boolean, error?: boolean}) => void} props.notify
 * @param {Map<string, string>} props.names participant id → name
 * @param {Map<string, {errors: number, warnings: number, messages: string[]}>} props.flags checks per node
 * @param {{ids: string[], serial: number}} props.target nodes to show (from the checks panel)
 */
export function GraphEditor({
  doc,
  t,
  editable,
  me,
  problemStatement,
  editors,
  onEditing,
  notify,
  names,
  flags,
  target,
}) {
  const mountStart = useRef(measuring() ? performance.now() : 0);
  const tree = useTree(doc, { withText: true });
  const treeRef = useRef(tree);
  treeRef.current = tree;
  const outline = useMemo(() => buildOutline(tree), [tree]);
  const labelKeys = useMemo(() => kindLabelKeys(outline), [outline]);
  const scene = useMemo(() => timed("__cocreaLayoutMs", () => buildScene(tree, layoutTree)), [tree]);
  const mainProblem = outline.problems[0] || null;

  const ignoreClickUntil = useRef(0);
  const [focusId, setFocusId] = useState(null);
  const [selectedEdge, setSelectedEdge] = useState(null);
  const [pick, setPick] = useState(null);
  const [preview, setPreview] = useState(null);
  const [dropId, setDropId] = useState(null);
  const [hiddenEdge, setHiddenEdge] = useState(null);

  const problemBox = mainProblem && scene.nodes.get(mainProblem.id);
  const { viewportRef, canvasRef, fit, zoomBy, panBy, reveal, toGraphPoint, handlers } = useGraphView({
    scene,
    focusPoint: problemBox ? { x: problemBox.x + problemBox.width / 2, y: problemBox.y + problemBox.height / 2 } : null,
    onBackgroundTap: () => {
      setSelectedEdge(null);
      unmark();
      if (pick) {
        setPick(null);
        notify("");
      }
    },
  });

  useLayoutEffect(() => {
    if (mountStart.current) record("__cocreaGraphMountMs", performance.now() - mountStart.current);
  }, []);

  // The checks panel asks to show some nodes: bring them into sight, mark
  // them, and focus the first box (not its text: no keyboard pops up).
  const [highlighted, unmark] = useShownTarget(target, (wanted) => {
    const ids = wanted.filter((id) => scene.nodes.has(id));
    if (ids.length === 0) return ids;
    reveal(boundsOf(scene, ids));
    const box = viewportRef.current && viewportRef.current.querySelector(`[data-node-id="${CSS.escape(ids[0])}"]`);
    if (box) box.focus({ preventScroll: true });
    return ids;
  });

  useEffect(() => {
    if (selectedEdge && !scene.edges.some((edge) => edge.id === selectedEdge)) setSelectedEdge(null);
  }, [scene, selectedEdge]);

  useEffect(() => {
    if (!editable) {
      setPick(null);
      setSelectedEdge(null);
    }
  }, [editable]);

  const shortText = (id) => shorten(textOf(treeRef.current.nodes.get(id))) || t("tree.no_text");

  // A prefilled text (the public problem) is selected once its field has
  // the focus, so that typing replaces it instead of appending to it.
  const [selectId, setSelectId] = useState(null);
  const create = (kind, linkTo, text = "") => {
    const id = addNode(doc, { kind, createdBy: me.participant_id, linkTo, text });
    setFocusId(id);
    if (text) setSelectId(id);
  };
  useEffect(() => {
    if (!selectId || !viewportRef.current) return;
    const field = viewportRef.current.querySelector(`[data-node-id="${CSS.escape(selectId)}"] textarea`);
    if (!field) return;
    field.focus();
    field.select();
    setSelectId(null);
  }, [selectId, scene]);

  // Someone else's idea goes only after a confirmation, and onto the trail.
  const { ask, dialog } = useConfirm(t);
  const removeNode = async (nodeId, text) => {
    const node = treeRef.current.nodes.get(nodeId);
    const short = shorten(text) || t("tree.no_text");
    if (isOthersNode(node, me.participant_id)) {
      const name = (node.createdBy && names.get(node.createdBy)) || t("trail.someone");
      const confirmed = await ask({
        title: t("confirm.delete_other_title", { name }),
        body: t("confirm.delete_other_body", { name, text: short }),
        confirmLabel: t("confirm.delete"),
        danger: true,
      });
      if (!confirmed) return;
    }
    deleteNode(doc, nodeId, { deletedBy: me.participant_id });
    notify(t("tree.deleted", { text: short }), { undo: true });
  };

  const removeEdge = (edgeId) => {
    const edge = treeRef.current.edges.find((candidate) => candidate.id === edgeId);
    deleteLink(doc, edgeId);
    setSelectedEdge(null);
    if (edge)
      notify(t("graph.unlinked", { source: shortText(edge.source), target: shortText(edge.target) }), { undo: true });
  };

  const complete = (spec, targetId) => {
    setPick(null);
    const current = treeRef.current;
    if (spec.type === "link") {
      if (targetId === spec.fromId) return;
      const result = resolveLink(current, spec.fromId, targetId, spec.handle);
      if (result.error) {
        notify(t(`tree.link_error.${result.error}`), { error: true });
        return;
      }
      addLink(doc, result.source, result.target);
      notify(t("graph.linked", { source: shortText(result.source), target: shortText(result.target) }));
    } else {
      const error = moveLinkEnd(doc, current, spec.edgeId, spec.end, targetId);
      if (error) {
        notify(t(`tree.link_error.${error}`), { error: true });
        return;
      }
      setSelectedEdge(spec.edgeId);
      notify(t("graph.relinked"));
    }
  };

  // Where a drag's line is anchored, in graph coordinates.
  const anchorOf = (spec) => {
    if (spec.type === "link") {
      const box = scene.nodes.get(spec.fromId);
      return { x: box.x + box.width / 2, y: spec.handle === END_SOURCE ? box.y : box.y + box.height };
    }
    const edge = scene.edges.find((candidate) => candidate.id === spec.edgeId);
    return spec.end === END_SOURCE ? edge.points[edge.points.length - 1] : edge.points[0];
  };
  // The line points at the consequence: from the dragged cause, or to the dragged consequence.
  const pointsFrom = (spec) =>
    (spec.type === "link" && spec.handle === END_SOURCE) || (spec.type === "relink" && spec.end === END_TARGET);

  const startLinkDrag = (event, spec) => {
    const viewport = viewportRef.current;
    const anchor = anchorOf(spec);
    const { pointerId, clientX: startX, clientY: startY } = event;
    let moved = false;
    const stop = () => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      window.removeEventListener("pointercancel", onCancel);
      viewport.classList.remove("graph-viewport--dragging");
      setPreview(null);
      setDropId(null);
      setHiddenEdge(null);
    };
    const onMove = (e) => {
      if (e.pointerId !== pointerId) return;
      if (!moved && Math.hypot(e.clientX - startX, e.clientY - startY) < DRAG_THRESHOLD) return;
      if (!moved) {
        moved = true;
        viewport.classList.add("graph-viewport--dragging");
        if (spec.type === "relink") setHiddenEdge(spec.edgeId);
      }
      const point = toGraphPoint(e.clientX, e.clientY);
      setPreview(pointsFrom(spec) ? { from: anchor, to: point } : { from: point, to: anchor });
      setDropId(nodeAt(e.clientX, e.clientY));
    };
    const onUp = (e) => {
      if (e.pointerId !== pointerId) return;
      stop();
      if (!moved) return; // a plain click: the button's onClick starts picking a target
      ignoreClickUntil.current = Date.now() + CLICK_AFTER_DRAG_MS;
      const targetId = nodeAt(e.clientX, e.clientY);
      if (targetId) complete(spec, targetId);
    };
    const onCancel = (e) => {
      if (e.pointerId === pointerId) stop();
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
    window.addEventListener("pointercancel", onCancel);
  };

  const startPick = (spec) => {
    if (Date.now() < ignoreClickUntil.current) return;
    setPick(spec);
    notify(
      t(spec.type === "link" ? "graph.pick_prompt" : "graph.pick_prompt_relink", {
        text: spec.fromId ? shortText(spec.fromId) : "",
      }),
    );
  };

  const onPointerDown = (event) => {
    const element = event.target;
    if (editable && element.closest) {
      const handle = element.closest("[data-handle]");
      if (handle) {
        event.preventDefault();
        const box = handle.closest("[data-node-id]");
        startLinkDrag(event, {
          type: "link",
          fromId: box.getAttribute("data-node-id"),
          handle: handle.getAttribute("data-handle"),
        });
        return;
      }
      const grip = element.closest("[data-grip]");
      if (grip) {
        event.preventDefault();
        startLinkDrag(event, {
          type: "relink",
          edgeId: grip.getAttribute("data-grip-edge"),
          end: grip.getAttribute("data-grip"),
        });
        return;
      }
    }
    handlers.onPointerDown(event);
  };

  const onKeyDown = (event) => {
    if (event.defaultPrevented) return; // a link's own key handler took it
    const inField = event.target.tagName === "TEXTAREA" || event.target.tagName === "INPUT";
    if (event.key === "Escape") {
      if (pick) {
        setPick(null);
        notify("");
      } else if (selectedEdge) {
        setSelectedEdge(null);
      }
      return;
    }
    if (inField || event.ctrlKey || event.metaKey || event.altKey) return;
    const onViewport = event.target === viewportRef.current;
    if (event.key === "+" || event.key === "=") zoomBy(ZOOM_STEP);
    else if (event.key === "-") zoomBy(1 / ZOOM_STEP);
    else if (event.key === "0") fit(FOLLOW_ALL);
    else if (onViewport && event.key === "ArrowLeft") panBy(PAN_STEP, 0);
    else if (onViewport && event.key === "ArrowRight") panBy(-PAN_STEP, 0);
    else if (onViewport && event.key === "ArrowUp") panBy(0, PAN_STEP);
    else if (onViewport && event.key === "ArrowDown") panBy(0, -PAN_STEP);
    else if (editable && selectedEdge && (event.key === "Delete" || event.key === "Backspace"))
      removeEdge(selectedEdge);
    else return;
    event.preventDefault();
  };

  const actions = {
    onFocus: (id) => {
      onEditing(id);
      if (focusId === id) setFocusId(null);
    },
    onBlur: () => onEditing(null),
    onAdd: (kind, linkTo) => create(kind, linkTo),
    onDelete: removeNode,
    onPick: (id) => pick && complete(pick, id),
    onHandleClick: (fromId, handle) => startPick({ type: "link", fromId, handle }),
  };

  const boxes = [...scene.nodes.values()].sort((a, b) => a.y - b.y || a.x - b.x);
  const leadsTo = new Map();
  for (const edge of tree.edges) {
    if (!leadsTo.has(edge.source)) leadsTo.set(edge.source, []);
    leadsTo.get(edge.source).push(shorten(textOf(tree.nodes.get(edge.target))) || t("tree.no_text"));
  }
  const selected = editable && selectedEdge ? scene.edges.find((edge) => edge.id === selectedEdge) : null;
  const pickingFrom = pick ? (pick.type === "link" ? pick.fromId : null) : null;
  const edgeLabel = (edge) => t("graph.edge_label", { source: shortText(edge.source), target: shortText(edge.target) });

  return (
    <div class="graph" onKeyDown={onKeyDown}>
      {dialog}
      <div class="graph-bar">
        {editable && !mainProblem && (
          <button
            type="button"
            class="button button--primary"
            onClick={() => create(KIND_PROBLEM, null, problemStatement || "")}
          >
            {t("tree.set_problem")}
          </button>
        )}
        {editable && mainProblem && (
          <>
            <button type="button" class="button button--add" onClick={() => create(KIND_EFFECT, mainProblem.id)}>
              {t("tree.add_effect")}
            </button>
            <button type="button" class="button button--add" onClick={() => create(KIND_CAUSE, mainProblem.id)}>
              {t("tree.add_cause")}
            </button>
          </>
        )}
        <div class="graph-zoom" role="group" aria-label={t("graph.zoom")}>
          <button
            type="button"
            class="button button--small"
            aria-label={t("graph.zoom_out")}
            title={t("graph.zoom_out")}
            onClick={() => zoomBy(1 / ZOOM_STEP)}
          >
            −
          </button>
          <button
            type="button"
            class="button button--small"
            aria-label={t("graph.zoom_in")}
            title={t("graph.zoom_in")}
            onClick={() => zoomBy(ZOOM_STEP)}
          >
            +
          </button>
          <button type="button" class="button button--small" onClick={() => fit(FOLLOW_ALL)}>
            {t("graph.fit")}
          </button>
        </div>
      </div>
      {outline.problems.length > 1 && (
        <p class="notice notice--warning" role="note">
          {t("tree.several_problems", { count: outline.problems.length })}
        </p>
      )}
      <div
        class="graph-viewport"
        ref={viewportRef}
        tabindex={0}
        role="region"
        aria-label={t("graph.region")}
        aria-describedby="graph-help-line"
        {...handlers}
        onPointerDown={onPointerDown}
      >
        {scene.nodes.size === 0 && <p class="graph-empty">{t("tree.no_problem")}</p>}
        <div class="graph-canvas" ref={canvasRef}>
          {scene.sections
            .filter((section) => section.name === "unlinked")
            .map((section) => (
              <p
                key={section.name}
                class="gsection"
                style={{ top: `${section.y}px`, width: `${scene.bounds.width}px` }}
              >
                {t("tree.unlinked")}
              </p>
            ))}
          <GraphEdges
            scene={scene}
            selectedId={selected ? selected.id : null}
            hiddenId={hiddenEdge}
            preview={preview}
            labelOf={edgeLabel}
            onSelect={(id) => setSelectedEdge(id === selectedEdge ? null : id)}
            onDelete={removeEdge}
            editable={editable}
          />
          {boxes.map((box) => {
            const node = tree.nodes.get(box.id);
            return (
              <GraphNode
                key={box.id}
                box={box}
                node={node}
                kindLabel={t(labelKeys.get(box.id) || "tree.kind.other")}
                text={textOf(node)}
                leadsTo={leadsTo.get(box.id) || []}
                editing={editors.get(box.id) || []}
                editable={editable}
                autoFocus={focusId === box.id}
                picking={Boolean(pick) && box.id !== pickingFrom}
                dropTarget={dropId === box.id}
                highlighted={highlighted.has(box.id)}
                flags={flags && flags.get(box.id)}
                names={names}
                myId={me.participant_id}
                t={t}
                actions={actions}
              />
            );
          })}
          {selected && (
            <EdgeTools
              edge={selected}
              t={t}
              onDelete={removeEdge}
              onGripClick={(edgeId, end) => {
                if (Date.now() < ignoreClickUntil.current) return;
                setPick({ type: "relink", edgeId, end });
                notify(t("graph.pick_prompt_relink"));
              }}
            />
          )}
        </div>
      </div>
      <p class="graph-help-line" id="graph-help-line">
        {editable ? t("graph.help_line") : t("graph.help_line_readonly")}
      </p>
    </div>
  );
}
