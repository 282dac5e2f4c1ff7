// «Dividir»: the facilitator splits an alternative that holds several
// proposals into 2 to 10 new ones. Each part gets a title and the means of
// the original it addresses (all of them to start with); the parts keep the
// original's authors and a copy of its description, and the original is
// recorded as «Dividida» (POST …/alternatives/{alt}/split). A modal <dialog>:
// Esc closes it, focus stays inside, and nothing is lost on an error.

import { useEffect, useRef, useState } from "preact/hooks";
import { splitAlternative } from "./assessment-api.js";
import { useConfirm } from "./confirm-dialog.jsx";
import { REASON_MAX, SPLIT_PARTS_MAX, SPLIT_PARTS_MIN, TITLE_MAX, initialParts, splitRequest } from "./alternatives-model.js";

/**
 * @param {object} props
 * @param {boolean} props.open
 * @param {() => void} props.onClose
 * @param {string} props.workshopId
 * @param {Record<string, any>} props.alternative the one split
 * @param {string} props.title its live title
 * @param {Map<string, {objective: string, text: string}>} props.nodes tree node names
 * @param {(result: {alternatives: Array<Record<string, any>>, original: Record<string, any>}) => void} props.onDone
 * @param {(key: string, params?: object) => string} props.t
 */
export function SplitDialog({ open, onClose, workshopId, alternative, title, nodes, onDone, t }) {
  const ref = useRef(null);
  const [parts, setParts] = useState(() => initialParts(alternative));
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const id = alternative.id;
  const means = alternative.addresses || [];

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const change = (index, patch) => {
    setError("");
    setParts((list) => list.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  };
  const toggle = (index, nodeId, on) =>
    setParts((list) =>
      list.map((p, i) =>
        i !== index ? p : { ...p, addresses: on ? [...p.addresses, nodeId] : p.addresses.filter((a) => a !== nodeId) },
      ),
    );
  const nodeName = (nodeId) => {
    const node = nodes.get(nodeId);
    return node ? node.objective || node.text : t("checks.missing_node");
  };

  const { ask, dialog } = useConfirm(t);
  const submit = async (event) => {
    event.preventDefault();
    const { body, problem, index } = splitRequest(parts, alternative, reason);
    if (problem) {
      setError(t(`split.needs_${problem}`, { n: index + 1, min: SPLIT_PARTS_MIN, max: SPLIT_PARTS_MAX }));
      if (index >= 0) document.getElementById(`split-${id}-title-${index}`)?.focus();
      return;
    }
    const confirmed = await ask({
      title: t("confirm.split_title"),
      body: t("confirm.split_body", { title, count: parts.length }),
      irreversible: t("confirm.split_irreversible"),
      confirmLabel: t("split.confirm", { count: parts.length }),
    });
    if (!confirmed) return;
    setBusy(true);
    setError("");
    try {
      const result = await splitAlternative(workshopId, id, body, { networkMessage: t("error.network") });
      setParts(initialParts(alternative));
      setReason("");
      onDone(result);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} class="split-dialog" aria-labelledby={`split-${id}-heading`} onClose={onClose}>
      {dialog}
      <form onSubmit={submit} noValidate>
        <h3 id={`split-${id}-heading`}>{t("split.title", { title })}</h3>
        <p class="field-hint">{t("split.hint")}</p>
        <ol class="split-parts">
          {parts.map((p, index) => (
            <li class="split-part" key={index}>
              <div class="field">
                <label for={`split-${id}-title-${index}`}>{t("split.part_title", { n: index + 1 })}</label>
                <input
                  id={`split-${id}-title-${index}`}
                  type="text"
                  maxLength={TITLE_MAX}
                  value={p.title}
                  onInput={(event) => change(index, { title: event.currentTarget.value })}
                />
              </div>
              {means.length > 0 && (
                <fieldset class="field split-means">
                  <legend>{t("split.part_means", { n: index + 1 })}</legend>
                  <div class="choices">
                    {means.map((nodeId) => (
                      <label class="choice" key={nodeId}>
                        <input
                          type="checkbox"
                          checked={p.addresses.includes(nodeId)}
                          onChange={(event) => toggle(index, nodeId, event.currentTarget.checked)}
                        />
                        <span>{nodeName(nodeId)}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              )}
              {parts.length > SPLIT_PARTS_MIN && (
                <button
                  type="button"
                  class="button button--small button--danger"
                  onClick={() => setParts((list) => list.filter((_, i) => i !== index))}
                >
                  {t("split.remove_part", { n: index + 1 })}
                </button>
              )}
            </li>
          ))}
        </ol>
        <button
          type="button"
          class="button button--small button--add"
          disabled={parts.length >= SPLIT_PARTS_MAX}
          onClick={() => setParts((list) => [...list, { title: "", addresses: [...means] }])}
        >
          {t("split.add_part")}
        </button>
        <div class="field split-reason">
          <label for={`split-${id}-reason`}>
            {t("split.reason")} <span class="optional">{t("common.optional")}</span>
          </label>
          <textarea
            id={`split-${id}-reason`}
            rows={2}
            maxLength={REASON_MAX}
            value={reason}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </div>
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
        <div class="dialog-actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {t("split.confirm", { count: parts.length })}
          </button>
          <button type="button" class="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
