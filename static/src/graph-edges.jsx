// The links of the graph editor: SVG paths from the layout's routes with an
// arrow at the consequence, a wide invisible stroke to click or focus one, the
// line that follows a drag, and for the selected link its two end grips (drag
// one to another node to re-link) and a delete button.

import { END_SOURCE, END_TARGET } from "./tree-links.js";
import { midpointOf } from "./graph-scene.js";

const MARGIN = 40;

/**
 * @param {object} props
 * @param {import("./graph-scene.js").Scene} props.scene
 * @param {string|null} props.selectedId
 * @param {string|null} props.hiddenId an edge being re-linked (drawn by the preview instead)
 * @param {{from: {x: number, y: number}, to: {x: number, y: number}}|null} props.preview
 * @param {(edge: import("./graph-scene.js").SceneEdge) => string} props.labelOf accessible name of an edge
 * @param {(edgeId: string) => void} props.onSelect
 * @param {(edgeId: string) => void} props.onDelete
 * @param {boolean} props.editable
 */
export function GraphEdges({ scene, selectedId, hiddenId, preview, labelOf, onSelect, onDelete, editable }) {
  const { bounds } = scene;
  const x = bounds.x - MARGIN;
  const y = bounds.y - MARGIN;
  const width = Math.max(1, bounds.width + 2 * MARGIN);
  const height = Math.max(1, bounds.height + 2 * MARGIN);
  return (
    <svg
      class="gedges"
      style={{ left: `${x}px`, top: `${y}px`, width: `${width}px`, height: `${height}px` }}
      viewBox={`${x} ${y} ${width} ${height}`}
    >
      <defs>
        <marker
          id="garrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0 L10 5 L0 10 z" class="garrow" />
        </marker>
      </defs>
      {scene.edges.map((edge) => (
        <g
          key={edge.id}
          class={`gedge${edge.id === selectedId ? " gedge--selected" : ""}${edge.id === hiddenId ? " gedge--hidden" : ""}`}
        >
          <path class="gedge-line" d={edge.path} marker-end="url(#garrow)" />
          <path
            class="gedge-hit"
            d={edge.path}
            data-edge-id={edge.id}
            data-source={edge.source}
            data-target={edge.target}
            tabindex={editable ? 0 : -1}
            role={editable ? "button" : "img"}
            aria-label={labelOf(edge)}
            aria-pressed={editable ? (edge.id === selectedId ? "true" : "false") : undefined}
            onClick={() => editable && onSelect(edge.id)}
            onKeyDown={(event) => {
              if (!editable) return;
              if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                onSelect(edge.id);
              } else if (event.key === "Delete" || event.key === "Backspace") {
                event.preventDefault();
                onDelete(edge.id);
              }
            }}
          />
        </g>
      ))}
      {preview && (
        <line
          class="gpreview"
          x1={preview.from.x}
          y1={preview.from.y}
          x2={preview.to.x}
          y2={preview.to.y}
          marker-end="url(#garrow)"
        />
      )}
    </svg>
  );
}

/**
 * Grips and delete button of the selected edge, in graph coordinates.
 * @param {object} props
 * @param {import("./graph-scene.js").SceneEdge} props.edge
 * @param {(key: string, params?: object) => string} props.t
 * @param {(edgeId: string) => void} props.onDelete
 * @param {(edgeId: string, end: string) => void} props.onGripClick
 */
export function EdgeTools({ edge, t, onDelete, onGripClick }) {
  const first = edge.points[0];
  const last = edge.points[edge.points.length - 1];
  const middle = midpointOf(edge.points);
  return (
    <>
      <button
        type="button"
        class="ggrip"
        data-grip={END_SOURCE}
        data-grip-edge={edge.id}
        style={{ left: `${first.x}px`, top: `${first.y}px` }}
        aria-label={t("graph.grip_source")}
        title={t("graph.grip_source")}
        onClick={() => onGripClick(edge.id, END_SOURCE)}
      />
      <button
        type="button"
        class="ggrip"
        data-grip={END_TARGET}
        data-grip-edge={edge.id}
        style={{ left: `${last.x}px`, top: `${last.y}px` }}
        aria-label={t("graph.grip_target")}
        title={t("graph.grip_target")}
        onClick={() => onGripClick(edge.id, END_TARGET)}
      />
      <button
        type="button"
        class="gedge-delete button button--small button--danger"
        style={{ left: `${middle.x}px`, top: `${middle.y}px` }}
        onClick={() => onDelete(edge.id)}
      >
        {t("graph.delete_link")}
      </button>
    </>
  );
}
