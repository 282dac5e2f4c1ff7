// The problem tree as an outline that syncs live: Efectos on top, the
// Problema central, Causas below, and what is not linked to the tree.

import { useEffect, useState } from "preact/hooks";
import * as Y from "yjs";
import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "./document-schema.js";
import { YTextField } from "./text-field.jsx";
import {
  addNode,
  buildOutline,
  deleteNode,
  findLinkTargets,
  findParentId,
  getTreeMaps,
  linkNode,
  readTree,
} from "./tree-model.js";

const NODE_TEXT_MAX = 500;
const OPTION_TEXT_MAX = 70;

const useTree = (doc) => {
  const [tree, setTree] = useState(() => readTree(doc));
  useEffect(() => {
    setTree(readTree(doc));
    const { nodes, edges } = getTreeMaps(doc);
    // Typing changes only a Y.Text, which its field renders by itself.
    const handler = (events) => {
      if (events.every((event) => event.target instanceof Y.Text)) return;
      setTree(readTree(doc));
    };
    nodes.observeDeep(handler);
    edges.observeDeep(handler);
    return () => {
      nodes.unobserveDeep(handler);
      edges.unobserveDeep(handler);
    };
  }, [doc]);
  return tree;
};

const shorten = (text) => {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length > OPTION_TEXT_MAX ? `${clean.slice(0, OPTION_TEXT_MAX - 1)}…` : clean;
};

const kindLabelKey = (kind, depth, linked) => {
  if (kind === KIND_PROBLEM) return "tree.kind.problem";
  const base = kind === KIND_EFFECT ? "effect" : kind === KIND_CAUSE ? "cause" : "other";
  if (base === "other") return "tree.kind.other";
  if (!linked) return `tree.kind.${base}`;
  return depth === 0 ? `tree.kind.${base}_direct` : `tree.kind.${base}_indirect`;
};

/**
 * Outline view and editor of the problem tree.
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} props.editable
 * @param {boolean} props.loading the doc has not received the server state yet
 * @param {{participant_id: string}} props.me
 * @param {string} props.problemStatement prefilled text of a new central problem
 * @param {Map<string, Array<{name: string}>>} props.editors other people editing each node
 * @param {Map<string, string>} props.names participant id → name
 * @param {(nodeId: string|null) => void} props.onEditing
 */
export function TreeOutline({ doc, t, editable, loading, me, problemStatement, editors, names, onEditing }) {
  const tree = useTree(doc);
  const [focusId, setFocusId] = useState(null);
  const outline = buildOutline(tree);
  const mainProblem = outline.problems[0] || null;

  const create = (kind, linkTo, text = "") => {
    const id = addNode(doc, { kind, createdBy: me.participant_id, linkTo, text });
    setFocusId(id);
  };

  const focused = (id) => {
    onEditing(id);
    if (focusId === id) setFocusId(null);
  };
  const context = {
    doc,
    t,
    editable,
    tree,
    editors,
    names,
    me,
    focusId,
    onFocused: focused,
    onEditing,
    create,
    multiple: outline.problems.length > 1,
  };

  if (loading) {
    return <p class="tree-loading" role="status">{t("tree.loading")}</p>;
  }

  return (
    <div class="tree-outline">
      <section class="tree-section tree-section--effects" aria-labelledby="tree-effects-heading">
        <h3 id="tree-effects-heading">{t("tree.effects")}</h3>
        {outline.effects.length === 0 && <p class="tree-empty">{t("tree.no_effects")}</p>}
        <OutlineList items={outline.effects} depth={0} linked={true} context={context} />
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
        <ul class="outline">
          {outline.problems.map((node) => (
            <NodeItem key={node.id} item={{ node, parentId: null, children: [] }} depth={0} linked={true} context={context} />
          ))}
        </ul>
      </section>

      <section class="tree-section tree-section--causes" aria-labelledby="tree-causes-heading">
        <h3 id="tree-causes-heading">{t("tree.causes")}</h3>
        {outline.causes.length === 0 && <p class="tree-empty">{t("tree.no_causes")}</p>}
        <OutlineList items={outline.causes} depth={0} linked={true} context={context} />
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
          <OutlineList items={outline.unlinked} depth={0} linked={false} context={context} />
        </section>
      )}
    </div>
  );
}

function OutlineList({ items, depth, linked, context }) {
  if (items.length === 0) return null;
  return (
    <ul class="outline">
      {items.map((item) => (
        <NodeItem key={item.node.id} item={item} depth={depth} linked={linked} context={context} />
      ))}
    </ul>
  );
}

function NodeItem({ item, depth, linked, context }) {
  const { doc, t, editable, tree, editors, names, me, focusId, onFocused, onEditing, create, multiple } = context;
  const { node } = item;
  const [text, setText] = useState("");
  const kindLabel = t(kindLabelKey(node.kind, depth, linked));
  const fieldId = `node-${node.id}`;
  const editing = editors.get(node.id) || [];
  const author = node.createdBy === me.participant_id ? t("tree.author_me") : names.get(node.createdBy || "");
  const parent = item.parentId ? tree.nodes.get(item.parentId) : null;

  const remove = () => {
    if (text.trim() && !window.confirm(t("tree.confirm_delete", { text: shorten(text) }))) return;
    deleteNode(doc, node.id);
  };

  return (
    <li class={`node node--${node.kind}`}>
      <div class="node-card">
        <div class="node-head">
          <label class="node-kind" for={fieldId}>
            {kindLabel}
          </label>
          {multiple && parent && parent.kind === KIND_PROBLEM && depth === 0 && (
            <span class="node-parent">{t("tree.leads_to", { text: shorten(parent.text ? parent.text.toString() : "") })}</span>
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
            autoFocus={focusId === node.id}
            maxLength={NODE_TEXT_MAX}
            placeholder={editable ? t("tree.placeholder") : ""}
            onFocus={() => onFocused(node.id)}
            onBlur={() => onEditing(null)}
            onValue={setText}
          />
        ) : (
          <p class="node-text node-text--missing" id={fieldId}>
            {t("tree.no_text")}
          </p>
        )}
        {node.kind === KIND_PROBLEM && /^\s*(falta|ausencia|carencia)\s+de\b/i.test(text) && (
          <p class="node-hint">{t("tree.hint_absence")}</p>
        )}
        {(author || editable) && (
          <div class="node-foot">
            {author && <p class="node-author">{t("tree.author", { name: author })}</p>}
            {editable && <NodeActions node={node} tree={tree} t={t} doc={doc} create={create} remove={remove} />}
          </div>
        )}
      </div>
      <OutlineList items={item.children} depth={depth + 1} linked={linked} context={context} />
    </li>
  );
}

function NodeActions({ node, tree, t, doc, create, remove }) {
  const canLink = node.kind === KIND_CAUSE || node.kind === KIND_EFFECT;
  return (
    <div class="node-actions">
      {node.kind === KIND_CAUSE && (
        <button type="button" class="button button--small" onClick={() => create(KIND_CAUSE, node.id)}>
          {t("tree.add_indirect_cause")}
        </button>
      )}
      {node.kind === KIND_EFFECT && (
        <button type="button" class="button button--small" onClick={() => create(KIND_EFFECT, node.id)}>
          {t("tree.add_indirect_effect")}
        </button>
      )}
      <details class="node-more">
        <summary>{t("tree.more")}</summary>
        <div class="node-more-body">
          {canLink && <LinkControl node={node} tree={tree} t={t} doc={doc} />}
          <button type="button" class="button button--small button--danger" onClick={remove}>
            {t("tree.delete")}
          </button>
        </div>
      </details>
    </div>
  );
}

function LinkControl({ node, tree, t, doc }) {
  const targets = findLinkTargets(tree, node.id);
  const current = findParentId(tree, node);
  const [choice, setChoice] = useState(current || "");
  useEffect(() => setChoice(current || ""), [current]);
  const selectId = `link-${node.id}`;
  const optionLabel = (target) => {
    const kind = target.kind === KIND_PROBLEM ? t("tree.kind.problem") : t(`tree.kind.${target.kind}`);
    const text = target.text ? shorten(target.text.toString()) : "";
    return `${kind}: ${text || t("tree.no_text")}`;
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
      <select id={selectId} value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
        <option value="">{t("tree.link_none")}</option>
        {targets.map((target) => (
          <option key={target.id} value={target.id}>
            {optionLabel(target)}
          </option>
        ))}
      </select>
      <button type="submit" class="button button--small" disabled={(choice || null) === (current || null)}>
        {t("tree.link_apply")}
      </button>
    </form>
  );
}
