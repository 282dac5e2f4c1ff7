// The problem tree as an outline that syncs live: Efectos on top, the
// Problema central, Causas below, and what is not linked to the tree. Each
// section is a WAI-ARIA tree with one roving tab stop for the whole outline:
// arrows move, Enter edits, Escape leaves the text, Shift+Enter / Ctrl+Enter
// add a sibling / a child, Alt+→ / Alt+← indent / outdent, Delete removes.

import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "./document-schema.js";
import {
  ACTION_ADD_CHILD,
  ACTION_ADD_SIBLING,
  ACTION_COLLAPSE,
  ACTION_DELETE,
  ACTION_EDIT,
  ACTION_EXPAND,
  ACTION_FIRST,
  ACTION_INDENT,
  ACTION_LAST,
  ACTION_NEXT,
  ACTION_OUTDENT,
  ACTION_PREVIOUS,
  actionOfKey,
  ancestorsOf,
  listVisible,
} from "./outline-keys.js";
import { useConfirm } from "./confirm-dialog.jsx";
import { OutlineItem } from "./outline-item.jsx";
import { shorten, textOf } from "./tree-labels.js";
import { findIndentTarget, findOutdentTarget, locateInOutline, planNewNode } from "./tree-links.js";
import { addNode, buildOutline, deleteNode, isOthersNode, linkNode } from "./tree-model.js";
import { useShownTarget } from "./use-shown-target.js";
import { useTree } from "./use-tree.js";

const HINT_ID = "outline-keys-hint";

const itemSelector = (id) => `[data-item-id="${CSS.escape(id)}"]`;

// `select`: a prefilled text (the public problem) is selected, so that
// typing replaces it instead of appending to it.
const focusField = (item, select = false) => {
  const field = item && item.querySelector(":scope > .node-card textarea");
  if (!field) return false;
  field.focus();
  if (select) field.select();
  else field.setSelectionRange(field.value.length, field.value.length);
  return true;
};

/**
 * Outline view and editor of the problem tree.
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} props.editable
 * @param {{participant_id: string}} props.me
 * @param {string} props.problemStatement prefilled text of a new central problem
 * @param {Map<string, Array<{id: string, name: string}>>} props.editors other people editing each node
 * @param {Map<string, string>} props.names participant id → name
 * @param {(nodeId: string|null) => void} props.onEditing
 * @param {(text: string, options?: {undo?: boolean, error?: boolean}) => void} props.notify
 * @param {Map<string, {errors: number, warnings: number, messages: string[]}>} props.flags checks per node
 * @param {{ids: string[], serial: number}} props.target nodes to show (from the checks panel)
 */
export function TreeOutline({
  doc,
  t,
  editable,
  me,
  problemStatement,
  editors,
  names,
  onEditing,
  notify,
  flags,
  target,
}) {
  const tree = useTree(doc);
  const outline = useMemo(() => buildOutline(tree), [tree]);
  const [collapsed, setCollapsed] = useState(() => new Set());
  const [activeId, setActiveId] = useState(null);
  const pendingFocus = useRef(null);
  const root = useRef(null);
  const mainProblem = outline.problems[0] || null;
  const visible = listVisible(outline, collapsed);
  const current = visible.some((entry) => entry.id === activeId) ? activeId : visible.length ? visible[0].id : null;

  // Right after the DOM commit, so keys typed at once land in the new field.
  useLayoutEffect(() => {
    const pending = pendingFocus.current;
    if (!pending || !root.current) return;
    const item = root.current.querySelector(itemSelector(pending.id));
    if (!item) return;
    pendingFocus.current = null;
    if (!pending.edit || !focusField(item, pending.select)) item.focus();
  });

  // `later`: the item is about to be re-rendered elsewhere (re-linked), so
  // focus whatever element carries its id after the next render.
  const focusItem = (id, edit = false, later = false) => {
    setActiveId(id);
    pendingFocus.current = { id, edit };
    const item = !later && root.current && root.current.querySelector(itemSelector(id));
    if (item) {
      pendingFocus.current = null;
      if (!edit || !focusField(item)) item.focus();
    }
  };

  // The checks panel asks to show some nodes: open the branches they are in,
  // mark them, and move the focus to the first.
  const [highlighted] = useShownTarget(target, (wanted) => {
    const ids = wanted.filter((id) => tree.nodes.has(id));
    if (ids.length === 0) return ids;
    const opened = new Set(ids.flatMap((id) => ancestorsOf(outline, id)));
    setCollapsed((previous) => new Set([...previous].filter((id) => !opened.has(id))));
    focusItem(ids[0], false, true);
    return ids;
  });

  const expand = (id) =>
    setCollapsed((previous) => {
      if (!previous.has(id)) return previous;
      const next = new Set(previous);
      next.delete(id);
      return next;
    });

  const create = (kind, linkTo, text = "") => {
    const id = addNode(doc, { kind, createdBy: me.participant_id, linkTo, text });
    if (linkTo) expand(linkTo);
    setActiveId(id);
    pendingFocus.current = { id, edit: true, select: text !== "" };
  };

  // Someone else's idea goes only after a confirmation, and onto the trail.
  const { ask, dialog } = useConfirm(t);
  const remove = async (id) => {
    const node = tree.nodes.get(id);
    const text = shorten(textOf(node)) || t("tree.no_text");
    if (isOthersNode(node, me.participant_id)) {
      const name = (node.createdBy && names.get(node.createdBy)) || t("trail.someone");
      const confirmed = await ask({
        title: t("confirm.delete_other_title", { name }),
        body: t("confirm.delete_other_body", { name, text }),
        confirmLabel: t("confirm.delete"),
        danger: true,
      });
      if (!confirmed) return;
    }
    const index = visible.findIndex((entry) => entry.id === id);
    const after = index < 0 ? null : visible.slice(index + 1).find((entry) => entry.level <= visible[index].level);
    const neighbour = after || (index > 0 ? visible[index - 1] : null);
    deleteNode(doc, id, { deletedBy: me.participant_id });
    if (neighbour) focusItem(neighbour.id, false, true);
    notify(t("tree.deleted", { text }), { undo: true });
  };

  const relink = (id, find, doneKey) => {
    const { targetId, error } = find(tree, outline, id);
    if (error) {
      notify(t(`tree.move_error.${error}`), { error: true });
      return;
    }
    linkNode(doc, id, targetId);
    expand(targetId);
    focusItem(id, false, true);
    notify(t(doneKey, { text: shorten(textOf(tree.nodes.get(targetId))) || t("tree.no_text") }));
  };

  const perform = (action, id) => {
    const index = visible.findIndex((entry) => entry.id === id);
    const entry = visible[index];
    if (!entry) return;
    const node = tree.nodes.get(id);
    const place = locateInOutline(outline, id) || { item: { node, parentId: null } };
    switch (action) {
      case ACTION_NEXT:
        if (index < visible.length - 1) focusItem(visible[index + 1].id);
        break;
      case ACTION_PREVIOUS:
        if (index > 0) focusItem(visible[index - 1].id);
        break;
      case ACTION_FIRST:
        focusItem(visible[0].id);
        break;
      case ACTION_LAST:
        focusItem(visible[visible.length - 1].id);
        break;
      case ACTION_EXPAND:
        if (entry.hasChildren && !entry.expanded) expand(id);
        else if (entry.expanded) focusItem(visible[index + 1].id);
        break;
      case ACTION_COLLAPSE:
        if (entry.expanded) setCollapsed((previous) => new Set(previous).add(id));
        else if (place.item.parentId) focusItem(place.item.parentId);
        break;
      case ACTION_EDIT:
        focusItem(id, true);
        break;
      case ACTION_ADD_SIBLING:
      case ACTION_ADD_CHILD: {
        const plan = planNewNode(place.item, action === ACTION_ADD_CHILD ? "child" : "sibling");
        if (plan) create(plan.kind, plan.linkTo);
        else notify(t("tree.move_error.no_sibling"), { error: true });
        break;
      }
      case ACTION_INDENT:
        relink(id, findIndentTarget, "tree.indented");
        break;
      case ACTION_OUTDENT:
        relink(id, findOutdentTarget, "tree.outdented");
        break;
      case ACTION_DELETE:
        remove(id);
        break;
      default:
    }
  };

  const onKeyDown = (event) => {
    const item = event.target.closest && event.target.closest('[role="treeitem"]');
    if (!item || !root.current.contains(item)) return;
    if (event.target !== item) {
      if (event.key === "Escape" && event.target.tagName === "TEXTAREA") {
        event.preventDefault();
        item.focus();
      }
      return;
    }
    const action = actionOfKey(event, editable);
    if (!action) return;
    event.preventDefault();
    perform(action, item.getAttribute("data-item-id"));
  };

  const onFocusIn = (event) => {
    const item = event.target.closest && event.target.closest('[role="treeitem"]');
    if (item) setActiveId(item.getAttribute("data-item-id"));
  };

  const context = {
    doc,
    t,
    editable,
    tree,
    editors,
    names,
    me,
    current,
    collapsed,
    onEditing,
    create,
    remove,
    notify,
    toggle: (id) =>
      setCollapsed((previous) => {
        const next = new Set(previous);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    multiple: outline.problems.length > 1,
    flags: flags || new Map(),
    highlighted,
  };

  return (
    <div class="tree-outline" ref={root} onKeyDown={onKeyDown} onFocusIn={onFocusIn}>
      {dialog}
      <p class="outline-keys" id={HINT_ID}>
        {editable ? t("tree.keys_hint") : t("tree.keys_hint_readonly")}
      </p>
      <section class="tree-section tree-section--effects" aria-labelledby="tree-effects-heading">
        <h3 id="tree-effects-heading">{t("tree.effects")}</h3>
        {outline.effects.length === 0 && <p class="tree-empty">{t("tree.no_effects")}</p>}
        <OutlineTree items={outline.effects} labelledBy="tree-effects-heading" linked={true} context={context} />
        {editable && mainProblem && (
          <button type="button" class="button button--add" onClick={() => create(KIND_EFFECT, mainProblem.id)}>
            {t("tree.add_effect")}
          </button>
        )}
      </section>

      <section class="tree-section tree-section--problem" aria-labelledby="tree-problem-heading">
        <h3 id="tree-problem-heading">{t("tree.problem")}</h3>
        {outline.problems.length === 0 && (
          <div class="tree-missing">
            <p>{t("tree.no_problem")}</p>
            {editable && (
              <button
                type="button"
                class="button button--primary"
                onClick={() => create(KIND_PROBLEM, null, problemStatement || "")}
              >
                {t("tree.set_problem")}
              </button>
            )}
          </div>
        )}
        {outline.problems.length > 1 && (
          <p class="notice notice--warning" role="note">
            {t("tree.several_problems", { count: outline.problems.length })}
          </p>
        )}
        <OutlineTree
          items={outline.problems.map((node) => ({ node, parentId: null, children: [] }))}
          labelledBy="tree-problem-heading"
          linked={true}
          context={context}
        />
      </section>

      <section class="tree-section tree-section--causes" aria-labelledby="tree-causes-heading">
        <h3 id="tree-causes-heading">{t("tree.causes")}</h3>
        {outline.causes.length === 0 && <p class="tree-empty">{t("tree.no_causes")}</p>}
        <OutlineTree items={outline.causes} labelledBy="tree-causes-heading" linked={true} context={context} />
        {editable && mainProblem && (
          <button type="button" class="button button--add" onClick={() => create(KIND_CAUSE, mainProblem.id)}>
            {t("tree.add_cause")}
          </button>
        )}
      </section>

      {outline.unlinked.length > 0 && (
        <section class="tree-section tree-section--unlinked" aria-labelledby="tree-unlinked-heading">
          <h3 id="tree-unlinked-heading">{t("tree.unlinked")}</h3>
          <p class="tree-hint">{t("tree.unlinked_hint")}</p>
          <OutlineTree items={outline.unlinked} labelledBy="tree-unlinked-heading" linked={false} context={context} />
        </section>
      )}
    </div>
  );
}

function OutlineTree({ items, labelledBy, linked, context }) {
  if (items.length === 0) return null;
  return (
    <ul class="outline" role="tree" aria-labelledby={labelledBy} aria-describedby={HINT_ID}>
      {items.map((item) => (
        <OutlineItem key={item.node.id} item={item} depth={0} linked={linked} context={context} />
      ))}
    </ul>
  );
}
