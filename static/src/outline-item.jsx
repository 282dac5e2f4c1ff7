// One idea of the outline: a WAI-ARIA tree item holding its collaborative
// text field, who else is editing it, its author, its actions (add an
// indirect cause or effect, re-link, delete) and, when expanded, its children.
// Its name is its content (no aria-label): the kind, the whole text, then the
// rest in the order shown, so what is read starts with what is seen (WCAG
// 2.5.3); Chromium leaves the nested group of children out of it.

import { useEffect, useState } from "preact/hooks";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "./document-schema.js";
import { CheckBadge, MergedFrom } from "./node-marks.jsx";
import { YTextField } from "./text-field.jsx";
import { kindLabelKey, shorten, textOf } from "./tree-labels.js";
import { findLinkTargets, findParentId, linkNode } from "./tree-model.js";

const NODE_TEXT_MAX = 500;

/**
 * A tree item and, nested in a `role="group"`, its children.
 * @param {object} props
 * @param {import("./tree-model.js").OutlineItem} props.item
 * @param {number} props.depth 0 for a top-level item of its section
 * @param {boolean} props.linked whether the section is part of the tree (not "unlinked")
 * @param {object} props.context what the outline shares with every item (doc, t, editable, current item…)
 */
export function OutlineItem({ item, depth, linked, context }) {
  const {
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
    remove,
    toggle,
    multiple,
    flags,
    highlighted,
  } = context;
  const { node } = item;
  const kindLabel = t(kindLabelKey(node.kind, depth, linked));
  const fieldId = `node-${node.id}`;
  const editing = editors.get(node.id) || [];
  const author = node.createdBy === me.participant_id ? t("tree.author_me") : names.get(node.createdBy || "");
  const parent = item.parentId ? tree.nodes.get(item.parentId) : null;
  const hasChildren = item.children.length > 0;
  const expanded = hasChildren && !collapsed.has(node.id);
  const isCurrent = current === node.id;
  const tabIndex = isCurrent ? 0 : -1;
  const classes = [
    "node",
    `node--${node.kind}`,
    node.outOfScope ? "node--out" : "",
    highlighted.has(node.id) ? "node--target" : "",
  ];

  return (
    <li
      class={classes.filter(Boolean).join(" ")}
      role="treeitem"
      data-item-id={node.id}
      aria-level={depth + 1}
      aria-expanded={hasChildren ? (expanded ? "true" : "false") : undefined}
      tabindex={tabIndex}
    >
      <div class="node-card">
        <div class="node-head">
          {hasChildren && (
            <span class="outline-toggle" aria-hidden="true" onClick={() => toggle(node.id)}>
              {expanded ? "▾" : "▸"}
            </span>
          )}
          <label class="node-kind" for={fieldId}>
            {kindLabel}
          </label>
          <CheckBadge flags={flags.get(node.id)} t={t} />
          {node.outOfScope && <span class="out-tag">{t("objectives.out_tag")}</span>}
          {multiple && parent && parent.kind === KIND_PROBLEM && depth === 0 && (
            <span class="node-parent">{t("tree.leads_to", { text: shorten(textOf(parent)) })}</span>
          )}
          {editing.map((person) => (
            <span class="editing-tag" key={person.id}>
              {t("presence.editing", { name: person.name })}
            </span>
          ))}
        </div>
        {node.text ? (
          <YTextField
            ytext={node.text}
            id={fieldId}
            label={kindLabel}
            className="node-text"
            readOnly={!editable}
            tabIndex={tabIndex}
            maxLength={NODE_TEXT_MAX}
            placeholder={editable ? t("tree.placeholder") : ""}
            onFocus={() => onEditing(node.id)}
            onBlur={() => onEditing(null)}
          />
        ) : (
          <p class="node-text node-text--missing" id={fieldId}>
            {t("tree.no_text")}
          </p>
        )}
        <MergedFrom records={node.mergedFrom} names={names} myId={me.participant_id} t={t} />
        {(author || editable) && (
          <div class="node-foot">
            {author && <p class="node-author">{t("tree.author", { name: author })}</p>}
            {editable && (
              <NodeActions
                node={node}
                tree={tree}
                t={t}
                doc={doc}
                context={context}
                tabIndex={tabIndex}
                onRemove={() => remove(node.id)}
              />
            )}
          </div>
        )}
      </div>
      {expanded && (
        <ul class="outline" role="group">
          {item.children.map((child) => (
            <OutlineItem key={child.node.id} item={child} depth={depth + 1} linked={linked} context={context} />
          ))}
        </ul>
      )}
    </li>
  );
}

function NodeActions({ node, tree, t, doc, context, tabIndex, onRemove }) {
  const canLink = node.kind === KIND_CAUSE || node.kind === KIND_EFFECT;
  // The link choice lists every possible target: built only while «Opciones»
  // is open (300 ideas would otherwise put some 45,000 <option>s in the page).
  const [open, setOpen] = useState(false);
  return (
    <div class="node-actions">
      {node.kind === KIND_CAUSE && (
        <button
          type="button"
          class="button button--small"
          tabindex={tabIndex}
          onClick={() => context.create(KIND_CAUSE, node.id)}
        >
          {t("tree.add_indirect_cause")}
        </button>
      )}
      {node.kind === KIND_EFFECT && (
        <button
          type="button"
          class="button button--small"
          tabindex={tabIndex}
          onClick={() => context.create(KIND_EFFECT, node.id)}
        >
          {t("tree.add_indirect_effect")}
        </button>
      )}
      <details class="node-more" onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary tabindex={tabIndex}>{t("tree.more")}</summary>
        <div class="node-more-body">
          {open && canLink && <LinkControl node={node} tree={tree} t={t} doc={doc} tabIndex={tabIndex} />}
          <button type="button" class="button button--small button--danger" tabindex={tabIndex} onClick={onRemove}>
            {t("tree.delete")}
          </button>
        </div>
      </details>
    </div>
  );
}

function LinkControl({ node, tree, t, doc, tabIndex }) {
  const targets = findLinkTargets(tree, node.id);
  const current = findParentId(tree, node);
  const [choice, setChoice] = useState(current || "");
  useEffect(() => setChoice(current || ""), [current]);
  const selectId = `link-${node.id}`;
  const optionLabel = (target) => {
    const kind = target.kind === KIND_PROBLEM ? t("tree.kind.problem") : t(`tree.kind.${target.kind}`);
    return `${kind}: ${shorten(textOf(target)) || t("tree.no_text")}`;
  };
  return (
    <form
      class="link-control"
      onSubmit={(event) => {
        event.preventDefault();
        linkNode(doc, node.id, choice || null);
      }}
    >
      <label for={selectId}>{t("tree.link_to")}</label>
      <select
        id={selectId}
        value={choice}
        tabindex={tabIndex}
        onChange={(event) => setChoice(event.currentTarget.value)}
      >
        <option value="">{t("tree.link_none")}</option>
        {targets.map((target) => (
          <option key={target.id} value={target.id}>
            {optionLabel(target)}
          </option>
        ))}
      </select>
      <button
        type="submit"
        class="button button--small"
        tabindex={tabIndex}
        disabled={(choice || null) === (current || null)}
      >
        {t("tree.link_apply")}
      </button>
    </form>
  );
}
