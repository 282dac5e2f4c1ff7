// One alternative in «Alternativas»: its title and description (shared
// Y.Texts, edited together while the document is editable for me), the
// means it addresses, its authors, its disposition with the reason, and the
// facilitator's reasoned response (adopted / merged into… / not adopted) or
// «Dividir» (split-dialog.jsx); a split one names its parts, a part names
// the alternative it came from. The response is saved with the one its form
// saw: if another was recorded since (another tab), what was typed stays and
// the facilitator chooses (edit-conflict.jsx).

import { useEffect, useState } from "preact/hooks";
import {
  DESCRIPTION_MAX,
  DISPOSITION_MERGED,
  DISPOSITION_PENDING,
  DISPOSITION_SPLIT,
  REASON_MAX,
  RESPONSES,
  TITLE_MAX,
  alternativeTexts,
  canSplit,
  dispositionRequest,
  mergeTargets,
  splitLinks,
} from "./alternatives-model.js";
import { useConfirm } from "./confirm-dialog.jsx";
import { SplitDialog } from "./split-dialog.jsx";
import { YTextField } from "./text-field.jsx";
import { useYText } from "./use-ytext.js";
import { EditConflict, isEditConflict } from "./edit-conflict.jsx";
import { listAlternatives, setDisposition } from "./voting-api.js";

/**
 * @param {object} props
 * @param {number} props.index
 * @param {Record<string, any>} props.alternative from GET …/alternatives
 * @param {Array<Record<string, any>>} props.all every alternative (merge targets)
 * @param {import("yjs").Doc|null} props.doc the alternatives document, once synced
 * @param {boolean} props.editable
 * @param {Map<string, {objective: string, text: string}>} props.nodes tree node names
 * @param {Map<string, string>} props.names member names
 * @param {string} props.workshopId
 * @param {boolean} props.isFacilitator
 * @param {string} props.phase
 * @param {() => void} props.onResponded
 * @param {(key: string, params?: object) => string} props.t
 */
export function AlternativeCard({
  index,
  alternative,
  all,
  doc,
  editable,
  nodes,
  names,
  workshopId,
  isFacilitator,
  phase,
  onResponded,
  t,
}) {
  const texts = doc ? alternativeTexts(doc, alternative.id) : { title: null, description: null };
  const title = useYText(texts.title, alternative.title);
  const description = useYText(texts.description, alternative.description || "");
  const id = alternative.id;
  const authors = (alternative.authors || []).map((author) => names.get(author) || t("alternatives.someone"));
  const target = alternative.merged_into && all.find((a) => a.id === alternative.merged_into);
  const titleOf = (other) => (all.find((a) => a.id === other) || {}).title || t("voting.unknown_option");
  const links = splitLinks(alternative, titleOf);
  const [splitting, setSplitting] = useState(false);

  return (
    <li class={`alternative alternative--${alternative.disposition}`} data-alternative-id={id}>
      <div class="alternative-head">
        <span class="alternative-number" aria-hidden="true">
          {index + 1}
        </span>
        {editable && texts.title ? (
          <YTextField
            ytext={texts.title}
            id={`alt-title-${id}`}
            className="alternative-title-field"
            label={t("alternatives.title_field", { n: index + 1 })}
            maxLength={TITLE_MAX}
            readOnly={false}
          />
        ) : (
          <h4 class="alternative-title">{title}</h4>
        )}
        <DispositionBadge alternative={alternative} target={target} t={t} />
      </div>
      {links.into.length > 0 && (
        <p class="alternative-origin alternative-split-into">
          {t("split.badge", { titles: links.into.map((part) => `«${part}»`).join(", ") })}
        </p>
      )}
      {links.from && <p class="alternative-origin">{t("split.from", { title: links.from })}</p>}
      {editable && texts.description ? (
        <YTextField
          ytext={texts.description}
          id={`alt-description-${id}`}
          className="alternative-description-field"
          label={t("alternatives.description_field", { title })}
          placeholder={t("alternatives.description_placeholder")}
          maxLength={DESCRIPTION_MAX}
          readOnly={false}
        />
      ) : (
        <p class={`alternative-description${description ? "" : " alternative-description--empty"}`}>
          {description || t("alternatives.no_description")}
        </p>
      )}
      {alternative.disposition !== DISPOSITION_PENDING && alternative.reason && (
        <p class="alternative-reason">
          <span class="alternative-label">{t("alternatives.reason")}</span> {alternative.reason}
        </p>
      )}
      <div class="alternative-meta">
        <div>
          <span class="alternative-label">{t("alternatives.addresses")}</span>
          {(alternative.addresses || []).length === 0 ? (
            <span class="alternative-none"> {t("alternatives.addresses_none")}</span>
          ) : (
            <ul class="addressed">
              {alternative.addresses.map((nodeId) => {
                const node = nodes.get(nodeId);
                return (
                  <li key={nodeId}>
                    {node ? node.objective || node.text : t("checks.missing_node")}
                    {node && node.objective && node.text && <span class="addressed-cause"> ({node.text})</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <p class="alternative-authors">
          <span class="alternative-label">{t("alternatives.authors")}</span> {authors.join(", ")}
        </p>
      </div>
      {isFacilitator && alternative.disposition !== DISPOSITION_SPLIT && (
        <DispositionForm workshopId={workshopId} alternative={alternative} all={all} title={title} onDone={onResponded} t={t} />
      )}
      {isFacilitator && canSplit(alternative, phase) && (
        <div class="split-action">
          <button type="button" class="button button--small" onClick={() => setSplitting(true)}>
            {t("split.open")}
          </button>
          <span class="field-hint">{t("split.open_hint")}</span>
          {splitting && (
            <SplitDialog
              open={splitting}
              onClose={() => setSplitting(false)}
              workshopId={workshopId}
              alternative={alternative}
              title={title}
              nodes={nodes}
              onDone={() => {
                setSplitting(false);
                onResponded();
              }}
              t={t}
            />
          )}
        </div>
      )}
    </li>
  );
}

function DispositionBadge({ alternative, target, t }) {
  const text =
    alternative.disposition === DISPOSITION_MERGED && target
      ? t("alternatives.merged_into", { title: target.title })
      : t(`disposition.${alternative.disposition}`);
  return <span class={`badge disposition disposition--${alternative.disposition}`}>{text}</span>;
}

function DispositionForm({ workshopId, alternative, all, title, onDone, t }) {
  const id = alternative.id;
  const [disposition, setChoice] = useState(
    alternative.disposition === DISPOSITION_PENDING ? "" : alternative.disposition,
  );
  const [reason, setReason] = useState("");
  const [mergedInto, setMergedInto] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [conflict, setConflict] = useState(false);
  const [done, setDone] = useState("");
  const targets = mergeTargets(all, id);
  const { ask, dialog } = useConfirm(t);
  // The response the form saw (its moment; null while pending), followed
  // until a reason is typed (docs/api.md «Stale writes»).
  const decidedAt = alternative.decided_at || null;
  const [base, setBase] = useState(decidedAt);
  useEffect(() => {
    if (!reason) setBase(decidedAt);
  }, [decidedAt]);

  const save = async (body, from) => {
    setBusy(true);
    setError("");
    setConflict(false);
    try {
      const request = { ...body, base_decided_at: from };
      await setDisposition(workshopId, id, request, { networkMessage: t("error.network") });
      setReason("");
      setDone(t("alternatives.response_done"));
      onDone();
    } catch (err) {
      if (isEditConflict(err)) {
        setConflict(true);
        onDone();
      } else setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const showCurrent = () => {
    setChoice(alternative.disposition === DISPOSITION_PENDING ? "" : alternative.disposition);
    setReason("");
    setBase(decidedAt);
    setConflict(false);
  };
  // Mine over theirs: saved over the response recorded now.
  const keepMine = async () => {
    const { body } = dispositionRequest({ disposition, reason, mergedInto });
    try {
      const { alternatives } = await listAlternatives(workshopId, { networkMessage: t("error.network") });
      const now = alternatives.find((a) => a.id === id);
      await save(body, (now && now.decided_at) || null);
    } catch (err) {
      setError(err.message);
    }
  };

  const submit = async (event) => {
    event.preventDefault();
    const { body, problem } = dispositionRequest({ disposition, reason, mergedInto });
    setDone("");
    if (problem) {
      setError(t(`alternatives.response_needs_${problem}`));
      return;
    }
    const confirmed = await ask({
      title: t("confirm.dispose_title"),
      body: t("confirm.dispose_body", { title, disposition: t(`disposition.${disposition}`) }),
      irreversible: t("confirm.dispose_irreversible"),
      confirmLabel: t("alternatives.response_save"),
    });
    if (!confirmed) return;
    await save(body, base);
  };

  return (
    <details class="disposition-form">
      <summary>{t("alternatives.response_title")}</summary>
      {dialog}
      <form onSubmit={submit}>
        <fieldset class="field">
          <legend>{t("alternatives.response_kind", { title })}</legend>
          <div class="choices choices--row">
            {RESPONSES.map((value) => (
              <label class="choice" key={value}>
                <input
                  type="radio"
                  name={`disposition-${id}`}
                  value={value}
                  checked={disposition === value}
                  onChange={() => setChoice(value)}
                />
                <span>{t(`disposition.${value}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {disposition === DISPOSITION_MERGED && (
          <div class="field">
            <label for={`merge-into-${id}`}>{t("alternatives.merge_into")}</label>
            <select id={`merge-into-${id}`} value={mergedInto} onChange={(event) => setMergedInto(event.currentTarget.value)}>
              <option value="">{t("merge.choose")}</option>
              {targets.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label for={`reason-${id}`}>{t("alternatives.reason_label")}</label>
          <textarea
            id={`reason-${id}`}
            rows={2}
            maxLength={REASON_MAX}
            aria-required="true"
            value={reason}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button" disabled={busy}>
          {t("alternatives.response_save")}
        </button>
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
        {conflict && (
          <EditConflict
            message={t("alternatives.response_conflict", {
              disposition: t(`disposition.${alternative.disposition}`),
              reason: alternative.reason || "—",
            })}
            onShowCurrent={showCurrent}
            onKeepMine={keepMine}
            busy={busy}
            t={t}
          />
        )}
        <p class="form-message form-message--done" role="status">
          {done}
        </p>
      </form>
    </details>
  );
}
