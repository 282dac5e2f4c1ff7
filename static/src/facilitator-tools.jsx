// «Herramientas de facilitación», only for the facilitator and loaded as its
// own chunk: lock or unlock the tree for participants, run a silent-ideation
// round (open it, watch how many cards and authors, reveal), merge two
// duplicate ideas, and replace the tree with an imported JSON file. Every
// answer of the server, error or not, is said in the panel. Open to start
// with, folded on a phone so that the tree is not a screen away.

import { useState } from "preact/hooks";
import { useConfirm } from "./confirm-dialog.jsx";
import { KIND_PROBLEM } from "./document-schema.js";
import { importTree, mergeNodes, openIdeation, revealIdeation, setTreeLock } from "./tree-api.js";
import { isNarrow } from "./stage-model.js";
import { compareNodes } from "./tree-model.js";
import { kindLabelKey, shorten, textOf } from "./tree-labels.js";
import { ROUND_OPEN } from "./use-ideation.js";
import { useTree } from "./use-tree.js";
import "./room-kit.js";

const PROMPT_MAX = 300;

/** A request's state in one block of the panel. */
const useAction = (t) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const run = async (request, doneText) => {
    setBusy(true);
    setError("");
    setDone("");
    try {
      const result = await request({ networkMessage: t("error.network") });
      setDone(typeof doneText === "function" ? doneText(result) : doneText);
      return true;
    } catch (err) {
      setError(err.message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const messages = (
    <>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      <p class="form-message form-message--done" role="status">
        {done}
      </p>
    </>
  );
  return { busy, run, messages, setDone };
};

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {import("yjs").Doc} props.doc
 * @param {{locked?: boolean}|null} props.server the server's awareness entry
 * @param {boolean} props.editable the tree is editable for me now
 * @param {import("./use-ideation.js").IdeationState} props.ideation
 * @param {(key: string, params?: object) => string} props.t
 */
export function FacilitatorTools({ workshopId, doc, server, editable, ideation, t }) {
  return (
    <details class="facilitator-tools" open={!isNarrow()}>
      <summary>
        <h2>{t("facilitator.title")}</h2>
      </summary>
      <div class="tool-grid">
        <LockTool workshopId={workshopId} locked={Boolean(server && server.locked)} t={t} />
        <IdeationTool workshopId={workshopId} ideation={ideation} t={t} />
        <MergeTool workshopId={workshopId} doc={doc} editable={editable} t={t} />
        <ImportTool workshopId={workshopId} doc={doc} editable={editable} t={t} />
      </div>
    </details>
  );
}

function LockTool({ workshopId, locked, t }) {
  const { busy, run, messages } = useAction(t);
  const toggle = () =>
    run(
      (options) => setTreeLock(workshopId, !locked, options),
      locked ? t("facilitator.unlocked_done") : t("facilitator.locked_done"),
    );
  return (
    <div class="tool">
      <h3>{t("facilitator.lock_title")}</h3>
      <p class="tool-state">{locked ? t("facilitator.lock_state_on") : t("facilitator.lock_state_off")}</p>
      <button
        type="button"
        class={`button ${locked ? "" : "button--primary"}`}
        aria-pressed={locked ? "true" : "false"}
        disabled={busy}
        onClick={toggle}
      >
        {locked ? t("facilitator.unlock") : t("facilitator.lock")}
      </button>
      {messages}
    </div>
  );
}

function IdeationTool({ workshopId, ideation, t }) {
  const { busy, run, messages } = useAction(t);
  const [prompt, setPrompt] = useState("");
  const round = ideation.round;
  const open = round && round.status === ROUND_OPEN;

  const start = async (event) => {
    event.preventDefault();
    const ok = await run((options) => openIdeation(workshopId, prompt.trim(), options), t("ideation.opened"));
    if (ok) setPrompt("");
    ideation.refresh();
  };
  const { ask, dialog } = useConfirm(t);
  const reveal = async () => {
    const confirmed = await ask({
      title: t("confirm.reveal_title"),
      body: t("confirm.reveal_body", { cards: round.card_count || 0, authors: round.author_count || 0 }),
      irreversible: t("confirm.reveal_irreversible"),
      confirmLabel: t("ideation.reveal"),
    });
    if (!confirmed) return;
    await run(
      (options) => revealIdeation(workshopId, options),
      (result) => t("ideation.revealed_done", { count: (result && result.round && result.round.card_count) || 0 }),
    );
    ideation.refresh();
  };

  return (
    <div class="tool">
      <h3>{t("ideation.facilitator_title")}</h3>
      {dialog}
      {open ? (
        <>
          {round.prompt && <p class="ideation-prompt">{round.prompt}</p>}
          <p class="tool-count" aria-live="polite">
            {t("ideation.counts", { cards: round.card_count || 0, authors: round.author_count || 0 })}
          </p>
          <p class="tool-hint">{t("ideation.reveal_hint")}</p>
          <button type="button" class="button button--primary" disabled={busy} onClick={reveal}>
            {t("ideation.reveal")}
          </button>
        </>
      ) : (
        <form onSubmit={start}>
          <p class="tool-hint">{t("ideation.open_hint")}</p>
          <label for="ideation-prompt">{t("ideation.prompt_label")}</label>
          <textarea
            id="ideation-prompt"
            rows={2}
            maxLength={PROMPT_MAX}
            value={prompt}
            placeholder={t("ideation.prompt_placeholder")}
            onInput={(event) => setPrompt(event.currentTarget.value)}
          />
          <button type="submit" class="button button--primary" disabled={busy}>
            {t("ideation.open")}
          </button>
        </form>
      )}
      {messages}
    </div>
  );
}

const optionLabel = (t, node) =>
  `${t(kindLabelKey(node.kind, 0, false))}: ${shorten(textOf(node)) || t("tree.no_text")}`;

function MergeTool({ workshopId, doc, editable, t }) {
  const tree = useTree(doc);
  const { busy, run, messages } = useAction(t);
  const [keep, setKeep] = useState("");
  const [remove, setRemove] = useState("");
  const nodes = [...tree.nodes.values()].filter((node) => node.kind !== KIND_PROBLEM).sort(compareNodes);
  const kept = tree.nodes.get(keep);
  const candidates = nodes.filter((node) => kept && node.id !== keep && node.kind === kept.kind);
  const removeValid = candidates.some((node) => node.id === remove);

  const { ask, dialog } = useConfirm(t);
  const submit = async (event) => {
    event.preventDefault();
    const texts = { keep: shorten(textOf(kept)), removed: shorten(textOf(tree.nodes.get(remove))) };
    const confirmed = await ask({
      title: t("confirm.merge_title"),
      body: t("confirm.merge_body", texts),
      irreversible: t("confirm.merge_irreversible"),
      confirmLabel: t("confirm.merge_confirm"),
    });
    if (!confirmed) return;
    const ok = await run((options) => mergeNodes(workshopId, keep, remove, options), t("merge.done", texts));
    if (ok) setRemove("");
  };

  return (
    <form class="tool" onSubmit={submit}>
      <h3>{t("merge.title")}</h3>
      {dialog}
      <p class="tool-hint">{t("merge.hint")}</p>
      <label for="merge-keep">{t("merge.keep")}</label>
      <select id="merge-keep" value={keep} onChange={(event) => setKeep(event.currentTarget.value)}>
        <option value="">{t("merge.choose")}</option>
        {nodes.map((node) => (
          <option key={node.id} value={node.id}>
            {optionLabel(t, node)}
          </option>
        ))}
      </select>
      <label for="merge-remove">{t("merge.remove")}</label>
      <select
        id="merge-remove"
        value={removeValid ? remove : ""}
        disabled={!kept}
        onChange={(event) => setRemove(event.currentTarget.value)}
      >
        <option value="">{t("merge.choose")}</option>
        {candidates.map((node) => (
          <option key={node.id} value={node.id}>
            {optionLabel(t, node)}
          </option>
        ))}
      </select>
      <button type="submit" class="button" disabled={busy || !editable || !kept || !removeValid}>
        {t("merge.confirm")}
      </button>
      {!editable && <p class="tool-hint">{t("facilitator.needs_editable")}</p>}
      {messages}
    </form>
  );
}

function ImportTool({ workshopId, doc, editable, t }) {
  const tree = useTree(doc);
  const { busy, run, messages, setDone } = useAction(t);
  const [inputKey, setInputKey] = useState(0);

  const reset = () => {
    setInputKey((key) => key + 1);
  };
  const { ask, dialog } = useConfirm(t);
  const confirm = async (chosen) => {
    const confirmed = await ask({
      title: t("confirm.import_title"),
      body: t("import.confirm", { name: chosen.name, count: tree.nodes.size }),
      irreversible: t("confirm.import_irreversible"),
      confirmLabel: t("import.replace"),
      danger: true,
    });
    if (!confirmed) {
      reset();
      return;
    }
    const ok = await run(
      (options) => importTree(workshopId, chosen, options),
      (result) => t("import.done", { count: (result && Array.isArray(result.nodes) && result.nodes.length) || 0 }),
    );
    if (ok) reset();
  };

  return (
    <div class="tool">
      <h3>{t("import.title")}</h3>
      <p class="tool-hint">{t("import.hint")}</p>
      <label for="import-file">{t("import.file")}</label>
      <input
        key={inputKey}
        id="import-file"
        type="file"
        accept=".json,application/json"
        disabled={!editable || busy}
        onChange={(event) => {
          setDone("");
          const chosen = event.currentTarget.files && event.currentTarget.files[0] ? event.currentTarget.files[0] : null;
          if (chosen) confirm(chosen);
        }}
      />
      {dialog}
      {!editable && <p class="tool-hint">{t("facilitator.needs_editable")}</p>}
      {messages}
    </div>
  );
}
