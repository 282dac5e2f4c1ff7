// The minuta's draft as a collaborative document (`<workshop>/minuta`,
// docs/minutes.md «The draft»): the relatoría's passages, which the
// facilitator rewords in place while the version is a draft, and the
// acuerdos (who, what, by when). Everyone else reads it live. «Actualizar
// desde el registro» asks the server to regenerate it from the event log and
// says what changed and which edited passages were set aside.

import { useEffect, useMemo, useState } from "preact/hooks";
import * as Y from "yjs";
import {
  ACUERDO_BY,
  ACUERDO_ID,
  ACUERDO_WHAT,
  ACUERDO_WHO,
  ARTIFACT_MINUTA,
  AWARENESS_USER,
  MINUTA_ACUERDOS,
  MINUTA_PASSAGES,
  PASSAGE_AT,
  PASSAGE_N,
  PASSAGE_TEXT,
} from "./document-schema.js";
import { DocumentStatus } from "./document-status.jsx";
import { formatMexicoTime } from "./i18n.js";
import { newId } from "./ids.js";
import { refreshDraft } from "./minuta-api.js";
import { validDate } from "./minuta-model.js";
import { RoomConnection } from "./room-connection.js";
import { YTextField } from "./text-field.jsx";
import { LOCAL_ORIGIN } from "./tree-model.js";

const WHO_MAX = 200;
const WHAT_MAX = 1000;
const PASSAGE_MAX = 4000;
/**
 * One RoomConnection to the minuta's document while the panel is shown.
 * @returns {{state: any, connection: RoomConnection|null}}
 */
export const useMinutaDocument = (wsUrl, workshopId, me) => {
  const [state, setState] = useState(null);
  const [connection, setConnection] = useState(null);
  useEffect(() => {
    if (!wsUrl) return undefined;
    const localState = {
      [AWARENESS_USER]: { id: me.participant_id, name: me.name, sector: me.sector, role: me.role },
    };
    const room = new RoomConnection({ url: wsUrl, room: `${workshopId}/${ARTIFACT_MINUTA}`, localState }, setState);
    setConnection(room);
    setState(room.state);
    return () => room.destroy();
  }, [wsUrl, workshopId]);
  return { state, connection };
};

/** The passages (in the log's order) and acuerdos the synced doc holds, fresh after every change. */
const useDraft = (doc) => {
  const [version, setVersion] = useState(0);
  const passages = doc ? doc.getMap(MINUTA_PASSAGES) : null;
  const acuerdos = doc ? doc.getArray(MINUTA_ACUERDOS) : null;
  useEffect(() => {
    if (!passages || !acuerdos) return undefined;
    const bump = () => setVersion((v) => v + 1);
    passages.observeDeep(bump);
    acuerdos.observeDeep(bump);
    return () => {
      passages.unobserveDeep(bump);
      acuerdos.unobserveDeep(bump);
    };
  }, [passages, acuerdos]);
  return useMemo(() => {
    if (!passages || !acuerdos) return null;
    const list = [];
    passages.forEach((item, id) => {
      if (!(item instanceof Y.Map)) return;
      const text = item.get(PASSAGE_TEXT);
      list.push({ id, n: Number(item.get(PASSAGE_N)) || 0, at: String(item.get(PASSAGE_AT) || ""), text });
    });
    list.sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1));
    const rows = acuerdos.toArray().filter((row) => row instanceof Y.Map);
    return { passages: list, acuerdos: rows, acuerdosArray: acuerdos };
  }, [passages, acuerdos, version]);
};

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {{participant_id: string, role: string}} props.me
 * @param {Record<string, any>} props.data the answer of GET …/minutes
 * @param {{state: any, connection: any}} props.room useMinutaDocument's answer
 * @param {boolean} props.canAmend
 * @param {(passage: string) => void} props.onPassage
 * @param {() => Promise<void>} props.refresh
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function MinutaDraft({ workshopId, me, data, room, canAmend, onPassage, refresh, lang, t }) {
  const { state, connection } = room;
  const session = state && state.session;
  const doc = session && session.synced ? session.doc : null;
  const draft = useDraft(doc);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState(null);
  const [error, setError] = useState("");
  const isFacilitator = me.role === "facilitator";
  const server = state && state.server && state.server.artifact === ARTIFACT_MINUTA ? state.server : null;
  const usable = Boolean(session && session.synced && !session.rejected && !state.terminal);
  const editable = usable && Boolean(server && (server.editable_by || []).includes(me.role));
  const status = data.status;
  const net = { networkMessage: t("error.network") };

  const regenerate = async () => {
    setBusy(true);
    setError("");
    try {
      setReport(await refreshDraft(workshopId, net));
      await refresh();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  // The facilitator's first look at a draft nobody generated yet writes it.
  const empty = Boolean(draft && draft.passages.length === 0);
  useEffect(() => {
    if (empty && editable && isFacilitator && status === "draft" && (data.minutes || []).length > 0) regenerate();
  }, [empty, editable]);

  // The server's list (what the documents print: the log's new entries
  // included), each passage bound to the document's live text once it holds it.
  const live = new Map(draft ? draft.passages.map((p) => [p.id, p]) : []);
  const passages = (data.minutes || []).map((e, n) => {
    const held = e.id ? live.get(e.id) : null;
    return held ? { ...e, n, text: held.text } : { ...e, n };
  });
  const acuerdos = draft ? draft.acuerdos : null;
  const aside = (data.draft && data.draft.aside) || [];
  const newInLog = (data.draft && data.draft.new_in_log) || 0;

  const addAcuerdo = () => {
    if (!editable || !draft) return;
    const row = new Y.Map();
    draft.acuerdosArray.doc.transact(() => {
      row.set(ACUERDO_ID, newId());
      row.set(ACUERDO_WHO, new Y.Text());
      row.set(ACUERDO_WHAT, new Y.Text());
      row.set(ACUERDO_BY, "");
      draft.acuerdosArray.push([row]);
    }, LOCAL_ORIGIN);
  };
  const removeAcuerdo = (row) => {
    if (!editable || !draft) return;
    const index = draft.acuerdosArray.toArray().indexOf(row);
    if (index >= 0) draft.acuerdosArray.doc.transact(() => draft.acuerdosArray.delete(index, 1), LOCAL_ORIGIN);
  };

  return (
    <section class="minuta-draft" aria-labelledby="minuta-draft-title" data-editable={editable ? "true" : "false"}>
      <h4 id="minuta-draft-title">{t("minuta.draft_title")}</h4>
      <DocumentStatus
        state={state}
        connection={connection}
        liveText={(words) => t("minuta.draft_live", { state: words })}
        forbiddenText={t("minuta.draft_forbidden")}
        t={t}
      />
      <p class="field-hint">{t(editable ? "minuta.draft_hint_edit" : "minuta.draft_hint_read")}</p>
      {isFacilitator && status === "draft" && (
        <div class="minuta-refresh">
          <button type="button" class="button button--small minuta-refresh__button" disabled={busy} onClick={regenerate}>
            {t("minuta.refresh")}
          </button>
          {newInLog > 0 && <span class="field-hint"> {t("minuta.new_in_log", { n: newInLog })}</span>}
          {report && <RefreshReport report={report} lang={lang} t={t} />}
        </div>
      )}
      {isFacilitator && aside.length > 0 && (
        <details class="minuta-aside">
          <summary>{t("minuta.aside", { n: aside.length })}</summary>
          <ul>
            {aside.map((a) => (
              <li key={a.id}>
                <time dateTime={a.at}>{a.at ? formatMexicoTime(a.at, lang) : ""}</time> {a.text}
              </li>
            ))}
          </ul>
        </details>
      )}
      <ol class="minutes-list minuta-passages" lang="es-MX">
        {passages.map((p) => {
          const text = p.text instanceof Y.Text ? p.text.toString() : String(p.text || "");
          return (
            <li key={p.id || p.n} class="minuta-passage" data-passage-id={p.id}>
              <time dateTime={p.at}>{p.at ? formatMexicoTime(p.at, lang) : ""}</time>{" "}
              {editable && p.text instanceof Y.Text ? (
                <YTextField
                  ytext={p.text}
                  id={`minuta-passage-${p.id}`}
                  label={t("minuta.passage_label", { time: p.at ? formatMexicoTime(p.at, lang) : "" })}
                  readOnly={false}
                  className="minuta-passage__text"
                  maxLength={PASSAGE_MAX}
                />
              ) : (
                <span class="minuta-passage__text">{text}</span>
              )}
              {canAmend && (
                <>
                  {" "}
                  <button
                    type="button"
                    class="button button--small button--link minuta-amend"
                    aria-label={t("minuta.amend_passage", { passage: text.slice(0, 80) })}
                    onClick={() => onPassage(text)}
                  >
                    {t("minuta.amend")}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ol>
      <Acuerdos
        rows={acuerdos}
        fallback={data.acuerdos || []}
        editable={editable}
        onAdd={addAcuerdo}
        onRemove={removeAcuerdo}
        t={t}
      />
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
    </section>
  );
}

function RefreshReport({ report, lang, t }) {
  const gone = report.set_aside || [];
  const changed = report.changed || [];
  return (
    <div class="notice minuta-refresh-report" role="status">
      <p>
        {t("minuta.refresh_report", {
          added: report.added,
          reworded: report.reworded,
          kept: report.kept,
          dropped: report.dropped,
        })}
      </p>
      {changed.length > 0 && (
        <>
          <p>{t("minuta.refresh_changed")}</p>
          <ul>
            {changed.map((p) => (
              <li key={p.id}>{p.text}</li>
            ))}
          </ul>
        </>
      )}
      {gone.length > 0 && (
        <>
          <p>{t("minuta.refresh_set_aside")}</p>
          <ul class="minuta-set-aside">
            {gone.map((p) => (
              <li key={p.id}>
                <time dateTime={p.at}>{p.at ? formatMexicoTime(p.at, lang) : ""}</time> {p.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Acuerdos({ rows, fallback, editable, onAdd, onRemove, t }) {
  return (
    <section class="minuta-acuerdos" aria-labelledby="minuta-acuerdos-title">
      <h4 id="minuta-acuerdos-title">{t("minuta.acuerdos")}</h4>
      {rows === null ? (
        fallback.length ? (
          <ol>
            {fallback.map((a, i) => (
              <li key={i} class="minuta-acuerdo">
                {a.who} — {a.what}
                {a.by ? ` (${a.by})` : ""}
              </li>
            ))}
          </ol>
        ) : (
          <p class="field-hint">{t("minuta.no_acuerdos")}</p>
        )
      ) : rows.length === 0 ? (
        <p class="field-hint">{t("minuta.no_acuerdos")}</p>
      ) : (
        <ol class="minuta-acuerdo-list">
          {rows.map((row, i) => (
            <AcuerdoRow
              key={String(row.get(ACUERDO_ID) || i)}
              row={row}
              n={i + 1}
              editable={editable}
              onRemove={onRemove}
              t={t}
            />
          ))}
        </ol>
      )}
      {editable && (
        <button type="button" class="button button--small minuta-acuerdo-add" onClick={onAdd}>
          {t("minuta.acuerdo_add")}
        </button>
      )}
    </section>
  );
}

function AcuerdoRow({ row, n, editable, onRemove, t }) {
  const id = `minuta-acuerdo-${String(row.get(ACUERDO_ID) || n)}`;
  const who = row.get(ACUERDO_WHO);
  const what = row.get(ACUERDO_WHAT);
  const stored = typeof row.get(ACUERDO_BY) === "string" ? row.get(ACUERDO_BY) : "";
  const [by, setBy] = useState(stored);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setBy(stored), [stored]);
  const setDate = (value) => {
    setBy(value);
    const ok = validDate(value);
    setInvalid(!ok);
    if (ok && editable) row.doc.transact(() => row.set(ACUERDO_BY, value), LOCAL_ORIGIN);
  };
  if (!editable) {
    return (
      <li class="minuta-acuerdo">
        <span class="minuta-acuerdo__who">{who instanceof Y.Text ? who.toString() : ""}</span> —{" "}
        <span class="minuta-acuerdo__what">{what instanceof Y.Text ? what.toString() : ""}</span>
        {stored && <span class="minuta-acuerdo__by"> ({stored})</span>}
      </li>
    );
  }
  return (
    <li class="minuta-acuerdo minuta-acuerdo--edit">
      <div class="field">
        <label for={`${id}-who`}>{t("minuta.acuerdo_who", { n })}</label>
        {who instanceof Y.Text && (
          <YTextField
            ytext={who}
            id={`${id}-who`}
            label={t("minuta.acuerdo_who", { n })}
            readOnly={false}
            maxLength={WHO_MAX}
            singleLine
          />
        )}
      </div>
      <div class="field">
        <label for={`${id}-what`}>{t("minuta.acuerdo_what", { n })}</label>
        {what instanceof Y.Text && (
          <YTextField
            ytext={what}
            id={`${id}-what`}
            label={t("minuta.acuerdo_what", { n })}
            readOnly={false}
            maxLength={WHAT_MAX}
          />
        )}
      </div>
      <div class="field">
        <label for={`${id}-by`}>{t("minuta.acuerdo_by", { n })}</label>
        <input
          id={`${id}-by`}
          type="date"
          class="minuta-acuerdo__by-input"
          value={by}
          aria-invalid={invalid ? "true" : undefined}
          aria-describedby={invalid ? `${id}-by-error` : undefined}
          onChange={(e) => setDate(e.currentTarget.value)}
        />
        {invalid && (
          <p id={`${id}-by-error`} class="form-message form-message--error">
            {t("minuta.acuerdo_by_invalid")}
          </p>
        )}
      </div>
      <button type="button" class="button button--small minuta-acuerdo-remove" onClick={() => onRemove(row)}>
        {t("minuta.acuerdo_remove", { n })}
      </button>
    </li>
  );
}
