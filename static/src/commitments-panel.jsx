// «Compromiso», a chunk: each commitment that came out of a decision, with
// its status steps (preliminar → en revisión → definitivo) and its sheet
// (ficha de compromiso): texts, the OGP values and the SDGs, written
// together live in the commitment's own Yjs document (`<id>/sheet-<id>`,
// one RoomConnection per sheet shown), so two people typing in one field
// both keep what they wrote. Who may edit comes from the server's awareness
// entry of that document (`editable_by`, and `status`): participants and the
// facilitator until the commitment is definitive, observers never. The
// facilitator moves the status on over HTTP, once the local edits are
// stored (save barrier); the server refuses «definitivo» while fields are
// missing, and its message is shown. The list of commitments is polled.

import { useEffect, useMemo, useState } from "preact/hooks";
import {
  COMMITMENTS_TOPICS,
  OGP_VALUES,
  SDG_NUMBERS,
  SHEET_TEXT_FIELDS,
  STATUSES,
  STATUS_DEFINITIVO,
  TEXT_FIELD_MAX,
  missingFields,
  nextStatus,
  sheetArtifact,
  sheetFromMap,
} from "./commitment-model.js";
import * as Y from "yjs";
import { AWARENESS_USER, SHEET_FIELDS } from "./document-schema.js";
import { DocumentStatus } from "./document-status.jsx";
import { CommitmentDownloads, PlanActions } from "./plan-room.jsx";
import { waitForSaved } from "./roadmap-document.js";
import { RoomConnection } from "./room-connection.js";
import { YTextField } from "./text-field.jsx";
import { LOCAL_ORIGIN } from "./tree-model.js";
import { useLiveResource } from "./use-live-resource.js";
import { advanceCommitment, listCommitments } from "./voting-api.js";
import { useConfirm } from "./confirm-dialog.jsx";
import "./room-kit.js";
import "./stage-kit.js";

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {{participant_id: string, role: string, name: string, sector: string}} props.me
 * @param {string} props.wsUrl
 * @param {import("./stage.jsx").AlternativesState} props.alternatives
 * @param {boolean} props.projector
 * @param {(key: string, params?: object) => string} props.t
 */
export function CommitmentsPanel({ workshopId, me, wsUrl, alternatives, projector, t }) {
  const polled = useLiveResource(() => listCommitments(workshopId, { networkMessage: t("error.network") }), {
    key: workshopId,
    workshopId,
    topics: COMMITMENTS_TOPICS,
  });
  const list = (polled.data && polled.data.commitments) || [];
  return (
    <div class="commitments">
      <p class="stage-intro">{t("commitments.intro")}</p>
      {polled.error && (
        <p class="form-message form-message--error" role="alert">
          {polled.error}
        </p>
      )}
      {polled.loaded && list.length === 0 && <p class="tree-empty">{t("commitments.none")}</p>}
      {list.map((commitment) => (
        <CommitmentSheet
          key={commitment.id}
          commitment={commitment}
          workshopId={workshopId}
          me={me}
          wsUrl={wsUrl}
          projector={projector}
          canAdvance={me.role === "facilitator" && !projector}
          from={alternatives.titleOf(commitment.alternative_id)}
          onChanged={polled.refresh}
          t={t}
        />
      ))}
      {list.length > 0 && !projector && <CommitmentDownloads workshopId={workshopId} count={list.length} t={t} />}
    </div>
  );
}

/**
 * One RoomConnection to a commitment's sheet document while it is shown.
 * @returns {{state: import("./room-connection.js").RoomState|null, connection: RoomConnection|null}}
 */
const useSheetDocument = (wsUrl, workshopId, commitmentId, me) => {
  const [state, setState] = useState(null);
  const [connection, setConnection] = useState(null);
  useEffect(() => {
    const localState = {
      [AWARENESS_USER]: { id: me.participant_id, name: me.name, sector: me.sector, role: me.role },
    };
    const room = new RoomConnection(
      { url: wsUrl, room: `${workshopId}/${sheetArtifact(commitmentId)}`, localState },
      setState,
    );
    setConnection(room);
    setState(room.state);
    return () => room.destroy();
  }, [wsUrl, workshopId, commitmentId]);
  return { state, connection };
};

/** The synced doc's `sheet` map and the sheet it holds, fresh after every change. */
const useSheetFields = (doc) => {
  const [version, setVersion] = useState(0);
  const fields = doc ? doc.getMap(SHEET_FIELDS) : null;
  useEffect(() => {
    if (!fields) return undefined;
    const bump = () => setVersion((v) => v + 1);
    fields.observeDeep(bump);
    return () => fields.unobserveDeep(bump);
  }, [fields]);
  const sheet = useMemo(() => (fields ? sheetFromMap(fields) : null), [fields, version]);
  return { fields, sheet };
};

function CommitmentSheet({ commitment, workshopId, me, wsUrl, projector, canAdvance, from, onChanged, t }) {
  const { state, connection } = useSheetDocument(wsUrl, workshopId, commitment.id, me);
  const session = state && state.session;
  const doc = session && session.synced ? session.doc : null;
  const { fields, sheet } = useSheetFields(doc);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  // The server's entry of this document says the status (live) and who may edit.
  const server = state && state.server;
  const ours = server && server.artifact === sheetArtifact(commitment.id) ? server : null;
  const status = (ours && STATUSES.includes(ours.status) && ours.status) || commitment.status;
  const usable = Boolean(session && session.synced && !session.rejected && !state.terminal);
  const editableBy = ours && Array.isArray(ours.editable_by) ? ours.editable_by : [];
  const editable = usable && editableBy.includes(me.role) && !projector;
  const next = nextStatus(status);
  const missing = sheet ? missingFields(sheet) : commitment.missing || [];
  const base = `c-${commitment.id}`;
  const title = sheet ? sheet.title : (commitment.sheet && commitment.sheet.title) || "";

  const { ask, dialog } = useConfirm(t);
  const advance = async () => {
    // «Hacer definitivo» locks the commitment for good: asked first.
    const definitive = {
      title: t("confirm.definitive_title"),
      body: t("confirm.definitive_body", { title: title || t("sheet.untitled") }),
    };
    const asked = { ...definitive, irreversible: t("confirm.definitive_irreversible"), confirmLabel: t("commitments.to_definitivo") };
    if (next === "definitivo" && !(await ask(asked))) return;
    setBusy(true);
    setError("");
    try {
      // The server records the sheet as it holds it: my edits must be there first.
      if (editable && !(await waitForSaved(connection))) {
        setError(t("sheet.not_saved_yet"));
        return;
      }
      await advanceCommitment(workshopId, commitment.id, next, { networkMessage: t("error.network") });
      await onChanged();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const choose = (name, value, on) => {
    const choices = fields && fields.get(name);
    if (!editable || !(choices instanceof Y.Map)) return;
    choices.doc.transact(() => choices.set(String(value), on), LOCAL_ORIGIN);
  };

  let readOnly = "";
  if (status === STATUS_DEFINITIVO) readOnly = t("commitments.definitive");
  else if (me.role === "observer") readOnly = t("sheet.readonly_observer");

  return (
    <article class={`commitment commitment--${status}`} data-commitment-id={commitment.id} aria-labelledby={`${base}-heading`}>
      <header class="commitment-head">
        <h3 id={`${base}-heading`}>{title || t("sheet.untitled")}</h3>
        <p class="commitment-from">{t("commitments.from", { title: from })}</p>
        <ol class="stepper commitment-steps" aria-label={t("commitments.status")}>
          {STATUSES.map((step, index) => {
            const current = STATUSES.indexOf(status);
            const stepState = index < current ? "done" : index === current ? "current" : "todo";
            return (
              <li key={step} class={`step step--${stepState}`} aria-current={stepState === "current" ? "step" : undefined}>
                <span class="step-number" aria-hidden="true">
                  {index + 1}
                </span>
                <span class="step-label">{t(`commitment_status.${step}`)}</span>
              </li>
            );
          })}
        </ol>
      </header>
      {!projector && (
        <DocumentStatus
          state={state}
          connection={connection}
          liveText={(words) => t("sheet.live", { state: words })}
          forbiddenText={t("sheet.close_forbidden")}
          t={t}
        />
      )}
      {readOnly && (
        <p class="notice notice--readonly" role="note">
          {readOnly}
        </p>
      )}
      {missing.length > 0 && status !== STATUS_DEFINITIVO && (
        <p class="commitment-missing">
          <strong>{t("commitments.missing")}</strong> {missing.map((field) => t(`sheet.${field}`)).join(", ")}
        </p>
      )}
      {!fields ? (
        <p class="tree-loading">{t("sheet.loading")}</p>
      ) : (
        <div class="sheet">
          {SHEET_TEXT_FIELDS.map((field) => (
            <SheetText key={field} fields={fields} field={field} id={`${base}-${field}`} editable={editable} t={t} />
          ))}
          <fieldset class="field sheet-values">
            <legend>{t("sheet.ogp_values")}</legend>
            <div class="choices choices--grid">
              {OGP_VALUES.map((value) => (
                <label class="choice" key={value}>
                  <input
                    type="checkbox"
                    disabled={!editable}
                    checked={sheet.ogp_values.includes(value)}
                    onChange={(e) => choose("ogp_values", value, e.currentTarget.checked)}
                  />
                  <span>{t(`ogp.${value}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset class="field sheet-sdgs">
            <legend>{t("sheet.sdgs")}</legend>
            <div class="choices choices--grid">
              {SDG_NUMBERS.map((n) => (
                <label class="choice" key={n}>
                  <input
                    type="checkbox"
                    disabled={!editable}
                    checked={sheet.sdgs.includes(n)}
                    onChange={(e) => choose("sdgs", n, e.currentTarget.checked)}
                  />
                  <span>
                    <span class="sdg-number">{n}.</span> {t(`sdg.${n}`)}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      {canAdvance && next && (
        <div class="commitment-advance">
          {dialog}
          <button type="button" class="button button--primary" disabled={busy} onClick={advance}>
            {t(`commitments.to_${next}`)}
          </button>
          <p class="field-hint">{t(`commitments.to_${next}_hint`)}</p>
        </div>
      )}
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      {canAdvance && <PlanActions workshopId={workshopId} commitment={commitment} t={t} />}
    </article>
  );
}

/** One text of the sheet, bound to its Y.Text (read-only text when the document holds something else). */
function SheetText({ fields, field, id, editable, t }) {
  const ytext = fields.get(field);
  const isText = ytext instanceof Y.Text;
  return (
    <div class="field">
      <label for={id}>{t(`sheet.${field}`)}</label>
      {isText ? (
        <YTextField
          ytext={ytext}
          id={id}
          label={t(`sheet.${field}`)}
          readOnly={!editable}
          className={field === "title" ? "sheet-title" : "sheet-text"}
          maxLength={TEXT_FIELD_MAX}
          placeholder={editable && field !== "title" ? t(`sheet_hint.${field}`) : ""}
          singleLine={field === "title"}
        />
      ) : (
        <textarea id={id} rows={1} readOnly value="" />
      )}
    </div>
  );
}
