// The graph's viewport: a CSS transform on the canvas (written straight to the
// element, so panning never re-renders the nodes), fit and follow, zoom by
// buttons, keys and Ctrl/Cmd+wheel, and pointer gestures: one pointer on the
// background pans, two pinch.

import { useEffect, useRef } from "preact/hooks";
import { fitView, readableView, revealView, toGraph, zoomAt } from "./graph-scene.js";

/** Pointer travel (px) that turns a press into a drag. */
export const DRAG_THRESHOLD = 5;
/** Follow modes: the view refits as the tree grows until the person pans or zooms. */
export const FOLLOW_READABLE = "readable";
export const FOLLOW_ALL = "all";

const WHEEL_ZOOM_RATE = 0.002;
// Presses on these never start a pan: they have their own meaning.
const NOT_BACKGROUND = "textarea, button, a, input, select, summary, details[open], [data-edge-id]";

/**
 * @param {object} options
 * @param {import("./graph-scene.js").Scene} options.scene
 * @param {{x: number, y: number}|null} options.focusPoint graph point the readable view centres on
 * @param {() => void} options.onBackgroundTap a press on the background that did not move
 * @returns {{viewportRef: object, canvasRef: object, fit: (mode?: string) => void, zoomBy: (factor: number) => void, panBy: (dx: number, dy: number) => void, reveal: (rect: object) => void, toGraphPoint: (clientX: number, clientY: number) => {x: number, y: number}, handlers: Record<string, Function>}}
 */
export const useGraphView = ({ scene, focusPoint, onBackgroundTap }) => {
  const viewportRef = useRef(null);
  const canvasRef = useRef(null);
  const viewRef = useRef({ x: 0, y: 0, k: 1 });
  const follow = useRef(FOLLOW_READABLE);
  const gesture = useRef({ pointers: new Map(), moved: false });
  const latest = useRef(null);

  const applyView = (next) => {
    viewRef.current = next;
    if (canvasRef.current) canvasRef.current.style.transform = `translate(${next.x}px, ${next.y}px) scale(${next.k})`;
  };
  const fit = (mode = FOLLOW_ALL) => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    follow.current = mode;
    const { clientWidth: width, clientHeight: height } = viewport;
    applyView(
      mode === FOLLOW_ALL
        ? fitView(scene.bounds, width, height)
        : readableView(scene.bounds, width, height, focusPoint),
    );
  };
  const zoomBy = (factor) => {
    const viewport = viewportRef.current;
    follow.current = null;
    applyView(zoomAt(viewRef.current, factor, viewport.clientWidth / 2, viewport.clientHeight / 2));
  };
  const panBy = (dx, dy) => {
    follow.current = null;
    const view = viewRef.current;
    applyView({ ...view, x: view.x + dx, y: view.y + dy });
  };
  // Bring a part of the graph into sight (a check's ideas); stops following.
  const reveal = (rect) => {
    const viewport = viewportRef.current;
    if (!viewport || !rect) return;
    follow.current = null;
    applyView(revealView(viewRef.current, rect, viewport.clientWidth, viewport.clientHeight));
  };
  const toGraphPoint = (clientX, clientY) => {
    const rect = viewportRef.current.getBoundingClientRect();
    return toGraph(viewRef.current, clientX - rect.left, clientY - rect.top);
  };
  latest.current = { fit, onBackgroundTap };

  const { x: bx, y: by, width: bw, height: bh } = scene.bounds;
  useEffect(() => {
    if (follow.current) fit(follow.current);
  }, [bx, by, bw, bh]);

  useEffect(() => {
    const viewport = viewportRef.current;
    const observer = new ResizeObserver(() => follow.current && latest.current.fit(follow.current));
    observer.observe(viewport);
    const onWheel = (event) => {
      if (!event.ctrlKey && !event.metaKey) return; // a plain wheel scrolls the page
      event.preventDefault();
      const rect = viewport.getBoundingClientRect();
      follow.current = null;
      const factor = Math.exp(-event.deltaY * WHEEL_ZOOM_RATE);
      applyView(zoomAt(viewRef.current, factor, event.clientX - rect.left, event.clientY - rect.top));
    };
    viewport.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      observer.disconnect();
      viewport.removeEventListener("wheel", onWheel);
    };
  }, []);

  const onPointerDown = (event) => {
    if (event.target.closest && event.target.closest(NOT_BACKGROUND)) return;
    if (event.pointerType === "mouse" && event.button !== 0) return;
    const g = gesture.current;
    if (g.pointers.size === 0) g.moved = false;
    g.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY, x0: event.clientX, y0: event.clientY });
    viewportRef.current.setPointerCapture(event.pointerId);
  };

  const onPointerMove = (event) => {
    const g = gesture.current;
    const before = g.pointers.get(event.pointerId);
    if (!before) return;
    const now = { ...before, x: event.clientX, y: event.clientY };
    if (g.pointers.size === 1) {
      if (!g.moved && Math.hypot(now.x - now.x0, now.y - now.y0) < DRAG_THRESHOLD) return;
      g.moved = true;
      g.pointers.set(event.pointerId, now);
      panBy(now.x - before.x, now.y - before.y);
      return;
    }
    // Pinch: scale by the change in distance around the old midpoint, then
    // follow the midpoint. Each finger's move is applied on its own, so the
    // steps multiply to the change between first and last positions.
    const [a0, b0] = [...g.pointers.values()].slice(0, 2);
    const [a, b] = [...g.pointers.entries()].slice(0, 2).map(([id, p]) => (id === event.pointerId ? now : p));
    g.pointers.set(event.pointerId, now);
    const rect = viewportRef.current.getBoundingClientRect();
    const distance0 = Math.hypot(a0.x - b0.x, a0.y - b0.y) || 1;
    const distance = Math.hypot(a.x - b.x, a.y - b.y) || 1;
    const mid0 = { x: (a0.x + b0.x) / 2 - rect.left, y: (a0.y + b0.y) / 2 - rect.top };
    const mid = { x: (a.x + b.x) / 2 - rect.left, y: (a.y + b.y) / 2 - rect.top };
    g.moved = true;
    follow.current = null;
    const zoomed = zoomAt(viewRef.current, distance / distance0, mid0.x, mid0.y);
    applyView({ ...zoomed, x: zoomed.x + mid.x - mid0.x, y: zoomed.y + mid.y - mid0.y });
  };

  const onPointerUp = (event) => {
    const g = gesture.current;
    if (!g.pointers.has(event.pointerId)) return;
    g.pointers.delete(event.pointerId);
    if (g.pointers.size === 0 && !g.moved && event.type === "pointerup") latest.current.onBackgroundTap();
  };

  // Focus moving to a field scrolls the (overflow: hidden) viewport: turn that into a pan.
  const onScroll = (event) => {
    const viewport = event.currentTarget;
    const { scrollLeft, scrollTop } = viewport;
    if (!scrollLeft && !scrollTop) return;
    viewport.scrollLeft = 0;
    viewport.scrollTop = 0;
    panBy(-scrollLeft, -scrollTop);
  };

  return {
    viewportRef,
    canvasRef,
    fit,
    zoomBy,
    panBy,
    reveal,
    toGraphPoint,
    handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onScroll },
  };
};
