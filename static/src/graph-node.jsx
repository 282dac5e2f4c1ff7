// One node of the graph editor: a DOM box at the position the layout gave it,
// with the node's text in a collaborative field, who else is editing it, and
// (when the tree is editable) the handles to link it, "+" to grow the tree
// from it and a delete button.

import { KIND_CAUSE, KIND_EFFECT, KIND_PROBLEM } from "./document-schema.js";
import { CheckBadge, MergedFrom } from "./node-marks.jsx";
import { END_SOURCE, END_TARGET } from "./tree-links.js";
import { YTextField } from "./text-field.jsx";
import { shorten } from "./tree-labels.js";

const NODE_TEXT_MAX = 500;

/**
 * @param {object} props
 * @param {import("./graph-scene.js").SceneNode} props.box
 * @param {import("./tree-model.js").TreeNode} props.node
 * @param {string} props.kindLabel
 * @param {string} props.text the node's current text (for labels)
 * @param {string[]} props.leadsTo short texts of the nodes this one causes
 * @param {Array<{id: string, name: string}>} props.editing other people editing it
 * @param {boolean} props.editable
 * @param {boolean} props.autoFocus
 * @param {boolean} props.picking another node waits for a link target
 * @param {boolean} props.dropTarget a drag hovers over it
 * @param {boolean} props.highlighted a check the person clicked points at it
 * @param {{errors: number, warnings: number, messages: string[]}|undefined} props.flags checks that concern it
 * @param {Map<string, string>} props.names participant id → name (authors of merged ideas)
 * @param {string} props.myId
 * @param {(key: string, params?: object) => string} props.t
 * @param {{onFocus: Function, onBlur: Function, onAdd: Function, onDelete: Function, onPick: Function, onHandleClick: Function}} props.actions
 */
export function GraphNode({
  box,
  node,
  kindLabel,
  text,
  leadsTo,
  editing,
  editable,
  autoFocus,
  picking,
  dropTarget,
  highlighted,
  flags,
  names,
  myId,
  t,
  actions,
}) {
  const short = shorten(text) || t("tree.no_text");
  const fieldId = `gnode-${node.id}`;
  const classes = [
    "gnode",
    `gnode--${node.kind}`,
    editing.length > 0 ? "gnode--busy" : "",
    dropTarget ? "gnode--drop" : "",
    picking ? "gnode--pickable" : "",
    node.outOfScope ? "gnode--out" : "",
    highlighted ? "gnode--target" : "",
  ];
  const canLink = node.kind === KIND_CAUSE || node.kind === KIND_EFFECT || node.kind === KIND_PROBLEM;
  return (
    <div
      class={classes.filter(Boolean).join(" ")}
      data-node-id={node.id}
      role="group"
      aria-label={kindLabel}
      tabindex={-1}
      style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.height}px` }}
    >
      <div class="gnode-head">
        <span class="gnode-kind">{kindLabel}</span>
        <CheckBadge flags={flags} t={t} />
        {editing.map((person) => (
          <span class="editing-tag" key={person.id} title={t("presence.editing", { name: person.name })}>
            {t("presence.editing", { name: person.name })}
          </span>
        ))}
      </div>
      {editable && (
        <button
          type="button"
          class="gnode-delete"
          aria-label={t("graph.delete_node", { text: short })}
          title={t("tree.delete")}
          onClick={() => actions.onDelete(node.id, text)}
        >
          ×
        </button>
      )}
      {node.text ? (
        <YTextField
          ytext={node.text}
          id={fieldId}
          label={kindLabel}
          className="gnode-text"
          readOnly={!editable}
          autoFocus={autoFocus}
          maxLength={NODE_TEXT_MAX}
          placeholder={editable ? t("tree.placeholder") : ""}
          onFocus={() => actions.onFocus(node.id)}
          onBlur={() => actions.onBlur(node.id)}
        />
      ) : (
        <p class="gnode-text gnode-text--missing">{t("tree.no_text")}</p>
      )}
      {node.outOfScope && <p class="gnode-note">{t("graph.out_of_scope")}</p>}
      <MergedFrom records={node.mergedFrom} names={names} myId={myId} t={t} compact />
      {leadsTo.length > 0 && (
        <p class="visually-hidden">{leadsTo.map((target) => t("graph.leads_to", { text: target })).join(" ")}</p>
      )}
      {editable && canLink && (
        <>
          <button
            type="button"
            class="ghandle ghandle--source"
            data-handle={END_SOURCE}
            aria-label={t("graph.handle_source", { text: short })}
            title={t("graph.handle_source_title")}
            onClick={() => actions.onHandleClick(node.id, END_SOURCE)}
          />
          <button
            type="button"
            class="ghandle ghandle--target"
            data-handle={END_TARGET}
            aria-label={t("graph.handle_target", { text: short })}
            title={t("graph.handle_target_title")}
            onClick={() => actions.onHandleClick(node.id, END_TARGET)}
          />
        </>
      )}
      {editable && (node.kind === KIND_EFFECT || node.kind === KIND_PROBLEM) && (
        <button
          type="button"
          class="gnode-add gnode-add--above"
          aria-label={t(node.kind === KIND_PROBLEM ? "graph.add_effect_to" : "graph.add_indirect_effect_to", {
            text: short,
          })}
          title={t(node.kind === KIND_PROBLEM ? "tree.add_effect" : "tree.add_indirect_effect")}
          onClick={() => actions.onAdd(KIND_EFFECT, node.id)}
        >
          +
        </button>
      )}
      {editable && (node.kind === KIND_CAUSE || node.kind === KIND_PROBLEM) && (
        <button
          type="button"
          class="gnode-add gnode-add--below"
          aria-label={t(node.kind === KIND_PROBLEM ? "graph.add_cause_to" : "graph.add_indirect_cause_to", {
            text: short,
          })}
          title={t(node.kind === KIND_PROBLEM ? "tree.add_cause" : "tree.add_indirect_cause")}
          onClick={() => actions.onAdd(KIND_CAUSE, node.id)}
        >
          +
        </button>
      )}
      {picking && (
        <button
          type="button"
          class="gnode-pick button button--small button--primary"
          onClick={() => actions.onPick(node.id)}
        >
          {t("graph.pick_here")}
        </button>
      )}
    </div>
  );
}
