// «Objetivos»: the objective tree (árbol de objetivos), the problem tree
// restated in positive terms, drawn the way the method draws it: fines on
// top, the objetivo central, medios below. Each idea shows its original text
// (read-only) next to its objective, a collaborative field bound to the
// node's `objective` Y.Text; an empty one offers the server's suggestion
// («Usar sugerencia»). A cause can be marked out of scope (a given): it yields
// no means. The list at the end gathers the means in scope, the seeds of the
// alternatives. Loaded as its own chunk the first time it is shown.

import { useMemo, useRef, useState } from "preact/hooks";
import { KIND_CAUSE } from "./document-schema.js";
import { CheckBadge, MergedFrom } from "./node-marks.jsx";
import {
  ROLE_END,
  ROLE_MEANS,
  ROLE_OBJECTIVE,
  buildObjectiveTree,
  hasNoObjective,
  objectiveOf,
  setOutOfScope,
  writeObjective,
} from "./objective-model.js";
import { YTextField } from "./text-field.jsx";
import { shorten, textOf } from "./tree-labels.js";
import { useShownTarget } from "./use-shown-target.js";
import { useTree } from "./use-tree.js";
import "./room-kit.js";

const OBJECTIVE_TEXT_MAX = 500;

const ROLE_KEYS = {
  [ROLE_END]: ["objectives.end_direct", "objectives.end_indirect"],
  [ROLE_OBJECTIVE]: ["objectives.objective", "objectives.objective"],
  [ROLE_MEANS]: ["objectives.means_direct", "objectives.means_indirect"],
};
const FROM_KEYS = {
  [ROLE_END]: ["tree.kind.effect_direct", "tree.kind.effect_indirect"],
  [ROLE_OBJECTIVE]: ["tree.kind.problem", "tree.kind.problem"],
  [ROLE_MEANS]: ["tree.kind.cause_direct", "tree.kind.cause_indirect"],
};

const labelKey = (keys, row) => keys[row.role][row.depth === 0 ? 0 : 1];

/**
 * The objectives view.
 * @param {object} props
 * @param {import("yjs").Doc} props.doc
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} props.editable
 * @param {{participant_id: string}} props.me
 * @param {Map<string, string>} props.names
 * @param {Map<string, Array<{id: string, name: string}>>} props.editors
 * @param {(nodeId: string|null) => void} props.onEditing
 * @param {Map<string, {errors: number, warnings: number, messages: string[]}>} props.flags
 * @param {Map<string, {role: string|null, text: string}>} props.suggestions from the tree API
 * @param {{ids: string[], serial: number}} props.target nodes to show (from the checks panel)
 * @param {(text: string, options?: {undo?: boolean, error?: boolean}) => void} props.notify
 */
export function ObjectivesView({
  doc,
  t,
  editable,
  me,
  names,
  editors,
  onEditing,
  flags,
  suggestions,
  target,
  notify,
}) {
  const tree = useTree(doc, { withText: true });
  const objectives = useMemo(() => buildObjectiveTree(tree), [tree]);
  const [focusId, setFocusId] = useState(null);
  const root = useRef(null);

  // A check clicked in the panel: scroll to the first idea it names, mark them all.
  const [highlighted] = useShownTarget(target, (wanted) => {
    const ids = wanted.filter((id) => tree.nodes.has(id));
    const row = ids.length > 0 && root.current && root.current.querySelector(`[data-node-id="${CSS.escape(ids[0])}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    return ids;
  });

  const context = {
    doc,
    t,
    editable,
    me,
    names,
    editors,
    onEditing,
    flags: flags || new Map(),
    suggestions: suggestions || new Map(),
    highlighted,
    focusId,
    setFocusId,
    notify,
  };
  const section = (name, headingKey, rows, emptyKey) => (
    <section class={`obj-section obj-section--${name}`} aria-labelledby={`obj-${name}-heading`}>
      <h3 id={`obj-${name}-heading`}>{t(headingKey)}</h3>
      {rows.length === 0 && <p class="tree-empty">{t(emptyKey)}</p>}
      {rows.map((row) => (
        <ObjectiveRow key={row.node.id} row={row} context={context} />
      ))}
    </section>
  );

  return (
    <div class="objectives" ref={root}>
      <p class="objectives-intro">{t("objectives.intro")}</p>
      {section("ends", "objectives.ends", objectives.ends, "objectives.no_ends")}
      {section("objective", "objectives.objective", objectives.objectives, "objectives.no_objective")}
      {section("means", "objectives.means", objectives.means, "objectives.no_means")}
      {objectives.unlinked > 0 && <p class="tree-hint">{t("objectives.unlinked", { count: objectives.unlinked })}</p>}
      <section class="obj-seeds" aria-labelledby="obj-seeds-heading">
        <h3 id="obj-seeds-heading">{t("objectives.seeds")}</h3>
        <p class="tree-hint">{t("objectives.seeds_hint")}</p>
        {objectives.seeds.length === 0 ? (
          <p class="tree-empty">{t("objectives.no_seeds")}</p>
        ) : (
          <ol class="seed-list">
            {objectives.seeds.map((row) => {
              const written = objectiveOf(row.node).trim();
              return (
                <li key={row.node.id} class={written ? "" : "seed--todo"}>
                  {written || t("objectives.seed_todo", { text: shorten(textOf(row.node)) || t("tree.no_text") })}
                </li>
              );
            })}
          </ol>
        )}
        {objectives.givens.length > 0 && (
          <>
            <h4 class="obj-givens-heading">{t("objectives.givens")}</h4>
            <ul class="given-list">
              {objectives.givens.map((row) => (
                <li key={row.node.id}>{shorten(textOf(row.node)) || t("tree.no_text")}</li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}

function ObjectiveRow({ row, context }) {
  const { doc, t, editable, me, names, editors, onEditing, flags, suggestions, highlighted, focusId, setFocusId } =
    context;
  const { node } = row;
  const fieldId = `objective-${node.id}`;
  const original = textOf(node);
  const toLabel = t(labelKey(ROLE_KEYS, row));
  const fromLabel = t(labelKey(FROM_KEYS, row));
  const suggestion = (suggestions.get(node.id) || {}).text || "";
  const empty = hasNoObjective(node);
  const editing = editors.get(node.id) || [];
  const classes = [
    "obj-row",
    `obj-row--${row.role}`,
    row.outOfScope ? "obj-row--out" : "",
    highlighted.has(node.id) ? "obj-row--target" : "",
  ];

  const useSuggestion = () => {
    if (writeObjective(doc, node.id, suggestion)) setFocusId(node.id);
  };
  const startTyping = (event) => {
    const value = event.currentTarget.value;
    if (value && writeObjective(doc, node.id, value)) setFocusId(node.id);
  };

  return (
    <article
      class={classes.filter(Boolean).join(" ")}
      data-node-id={node.id}
      tabindex={-1}
      style={{ "--depth": Math.min(row.depth, 3) }}
      aria-label={`${toLabel}: ${shorten(objectiveOf(node)) || t("objectives.not_written")}`}
    >
      <div class="obj-from">
        <p class="obj-label">
          {fromLabel} <CheckBadge flags={flags.get(node.id)} t={t} />
        </p>
        <p class="obj-original">{original || t("tree.no_text")}</p>
        {row.outOfScope && <p class="out-tag">{t("objectives.out_tag")}</p>}
        <MergedFrom records={node.mergedFrom} names={names} myId={me.participant_id} t={t} />
      </div>
      <span class="obj-arrow" aria-hidden="true">
        →
      </span>
      <div class="obj-to">
        <p class="obj-label">
          <label for={fieldId}>{toLabel}</label>
          {editing.map((person) => (
            <span class="editing-tag" key={person.id}>
              {t("presence.editing", { name: person.name })}
            </span>
          ))}
        </p>
        {row.outOfScope ? (
          <p class="obj-out-note" id={fieldId}>
            {t("objectives.out_note")}
          </p>
        ) : node.objective ? (
          <YTextField
            ytext={node.objective}
            id={fieldId}
            label={toLabel}
            className="node-text obj-text"
            readOnly={!editable}
            autoFocus={focusId === node.id}
            maxLength={OBJECTIVE_TEXT_MAX}
            placeholder={editable ? t("objectives.placeholder") : ""}
            onFocus={() => onEditing(node.id)}
            onBlur={() => {
              onEditing(null);
              if (focusId === node.id) setFocusId(null);
            }}
          />
        ) : editable ? (
          <textarea
            id={fieldId}
            class="node-text obj-text"
            rows={1}
            maxLength={OBJECTIVE_TEXT_MAX}
            placeholder={t("objectives.placeholder")}
            onInput={startTyping}
          />
        ) : (
          <p class="obj-text obj-text--missing" id={fieldId}>
            {t("objectives.not_written")}
          </p>
        )}
        {!row.outOfScope && empty && suggestion && (
          <div class="obj-suggestion">
            <p>
              <span class="obj-suggestion-label">{t("objectives.suggestion")}</span> «{suggestion}»
            </p>
            {editable && (
              <button type="button" class="button button--small" onClick={useSuggestion}>
                {t("objectives.use_suggestion")}
              </button>
            )}
          </div>
        )}
        {node.kind === KIND_CAUSE && (
          <label class="choice obj-scope">
            <input
              type="checkbox"
              checked={row.outOfScope}
              disabled={!editable}
              onChange={(event) => setOutOfScope(doc, node.id, event.currentTarget.checked)}
            />
            <span>{t("objectives.out_of_scope")}</span>
          </label>
        )}
      </div>
    </article>
  );
}
