// The problem tree on the projector's display, fit to its area and read from
// the back of the room: the bands of the method (effects on top, the central
// problem, causes below, then what is not linked) in the order of the
// automatic layout (tree-layout.js, the same order the graph and the exports
// draw), each box's words wrapped by the browser. The text takes the largest
// size at which the whole tree fits (screen-fit.js), tried on the page
// itself; connectors are drawn once the boxes are placed. Read only: no
// field, no button.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { layoutInput } from "./graph-scene.js";
import { objectiveOf } from "./objective-model.js";
import { bandsOf, connectorPath, largestFit } from "./screen-fit.js";
import { SECTION_PROBLEM, layoutTree } from "./tree-layout.js";
import { useTree } from "./use-tree.js";

// The problem's band needs no name: its one box is drawn apart.
const BAND_LABELS = {
  effects: "tree.effects",
  problem: "tree.problem",
  causes: "tree.causes",
  unlinked: "tree.unlinked",
};
// The same bands in the objective tree: fines, the objetivo central, medios.
const OBJECTIVE_LABELS = {
  effects: "objectives.ends",
  problem: "objectives.objective",
  causes: "objectives.means",
  unlinked: "tree.unlinked",
};
/** The horizontal run of a connector, above the box it leaves (half the gap between rows), in em. */
const BUS_EM = 0.45;

/**
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {boolean} [props.objectives] the objective tree (its phase): each box says its objective once
 *   written, else its problem text, dimmed, «(sin redactar)»; a cause out of scope is a given
 * @param {(key: string, params?: object) => string} props.t
 */
export function DisplayTree({ doc, objectives = false, t }) {
  const tree = useTree(doc, { withText: true });
  const input = useMemo(() => layoutInput(tree), [tree]);
  const layout = useMemo(() => layoutTree(input.nodes, input.edges), [input]);
  const bands = useMemo(() => bandsOf(layout.rows), [layout]);
  const byId = useMemo(() => new Map(input.nodes.map((node) => [node.id, node])), [input]);
  const frame = useRef(null);
  const content = useRef(null);
  const [links, setLinks] = useState([]);
  const [size, setSize] = useState(0);

  // The area changes with the window and with what the side column shows.
  useEffect(() => {
    const element = frame.current;
    if (!element || typeof ResizeObserver !== "function") return undefined;
    const observer = new ResizeObserver(() => setSize((n) => n + 1));
    observer.observe(element);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(() => setSize((n) => n + 1));
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const area = frame.current;
    const box = content.current;
    if (!area || !box) return;
    area.dataset.fitted = "false";
    box.style.transform = "";
    const room = { width: area.clientWidth, height: area.clientHeight };
    // No word is cut (a box is as wide as its longest word, its row wraps):
    // a size at which a word still runs past its box does not fit.
    box.classList.remove("screen-tree__content--cramped");
    const texts = [...box.querySelectorAll(".screen-node__text")];
    const fits = (px) => {
      box.style.fontSize = `${px}px`;
      if (box.scrollHeight > room.height || box.scrollWidth > room.width) return false;
      return texts.every((text) => text.scrollWidth <= text.clientWidth);
    };
    const fitted = largestFit(fits);
    box.style.fontSize = `${fitted.size}px`;
    // Too large a tree even at the smallest size: words may break, and the
    // whole picture shrinks.
    if (!fitted.fits) {
      box.classList.add("screen-tree__content--cramped");
      const k = Math.min(room.width / box.scrollWidth, room.height / box.scrollHeight);
      box.style.transform = `scale(${k})`;
    }
    const origin = box.getBoundingClientRect();
    const scale = fitted.fits ? 1 : origin.width / box.offsetWidth || 1;
    const rects = new Map();
    for (const element of box.querySelectorAll("[data-node-id]")) {
      const r = element.getBoundingClientRect();
      rects.set(element.getAttribute("data-node-id"), {
        x: (r.left - origin.left) / scale,
        y: (r.top - origin.top) / scale,
        width: r.width / scale,
        height: r.height / scale,
      });
    }
    const paths = [];
    for (const edge of layout.edges) {
      const from = rects.get(edge.source);
      const to = rects.get(edge.target);
      if (from && to) paths.push({ id: edge.id, d: connectorPath(from, to, BUS_EM * fitted.size) });
    }
    setLinks(paths);
    area.dataset.fitted = "true";
  }, [layout, size, objectives]);
  const labels = objectives ? OBJECTIVE_LABELS : BAND_LABELS;

  return (
    <section class="screen-tree" ref={frame} aria-labelledby="screen-tree-heading" data-fitted="false">
      <h2 id="screen-tree-heading" class="visually-hidden">
        {t("tree.title")}
      </h2>
      <div class="screen-tree__content" ref={content}>
        <svg class="screen-tree__links" aria-hidden="true">
          <defs>
            <marker id="screen-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto">
              <path d="M0 0 L10 5 L0 10 z" />
            </marker>
          </defs>
          {links.map((path) => (
            <path key={path.id} d={path.d} marker-end="url(#screen-arrow)" />
          ))}
        </svg>
        {bands.length === 0 && <p class="screen-tree__empty">{t("display.tree_empty")}</p>}
        {bands.map((band) => (
          <section class={`screen-band screen-band--${band.section}`} key={band.section} aria-label={t(labels[band.section])}>
            {band.section !== SECTION_PROBLEM && (
              <p class="screen-band__label" aria-hidden="true">
                {t(labels[band.section])}
              </p>
            )}
            <div class="screen-band__rows">
              {band.rows.map((ids) => (
                <ul class="screen-row" key={ids[0]}>
                  {ids.map((id) => {
                    const node = byId.get(id);
                    if (!node) return null;
                    const objective = objectives ? objectiveOf(tree.nodes.get(id)).trim() : "";
                    const pending = objectives && !objective && !node.out_of_scope;
                    const classes = [
                      "screen-node",
                      `screen-node--${node.kind}`,
                      node.out_of_scope ? "screen-node--out" : "",
                      pending ? "screen-node--pending" : "",
                    ];
                    return (
                      <li key={id} class={classes.filter(Boolean).join(" ")} data-node-id={id}>
                        <p class="screen-node__text">{objective || node.text || t("tree.no_text")}</p>
                        {pending && <p class="screen-node__note">{t("objectives.not_written")}</p>}
                        {node.out_of_scope && (
                          <p class="screen-node__note">{t(objectives ? "objectives.out_tag" : "graph.out_of_scope")}</p>
                        )}
                      </li>
                    );
                  })}
                </ul>
              ))}
            </div>
          </section>
        ))}
      </div>
    </section>
  );
}
