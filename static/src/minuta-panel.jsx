// The minuta's lifecycle above the relatoría (docs/minutes.md): its status
// and version, «Confirmar asistencia» (one tap), amendments to a passage by
// those who attended and the facilitator's answer with a reason, «Abrir
// aprobación» (a consent round answered in «Votación»), «Sellar», and after
// sealing the digest and the public verification link; the minuta's
// document in every format (download-links.jsx), for any member. Everything
// comes from GET …/minutes, asked again when the live document pushes a change;
// the draft itself (passages and acuerdos) is a Yjs document (minuta-draft.jsx).

import { useState } from "preact/hooks";
import { DownloadLink, DownloadNotice, useDownloads } from "./download-links.jsx";
import { formatMexicoTime } from "./i18n.js";
import { MinutaDraft, useMinutaDocument } from "./minuta-draft.jsx";
import {
  MINUTA_FORMATS,
  answerAmendment,
  confirmAttendance,
  minutaExportUrl,
  openApproval,
  proposeAmendment,
  sealMinutes,
  startCorrection,
  verificationPath,
} from "./minuta-api.js";
import { waitForSaved } from "./roadmap-document.js";

const PASSAGE_MAX = 300;
const TEXT_MAX = 4000;
const REASON_MAX = 1000;

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {{participant_id: string, role: string}} props.me
 * @param {Record<string, any>} props.data the answer of GET …/minutes
 * @param {string} [props.wsUrl] the sync address: the draft is a live document there
 * @param {string} props.passage the passage chosen to amend ("" for none)
 * @param {(passage: string) => void} props.onPassage
 * @param {() => Promise<void>} props.refresh
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function MinutaPanel({ workshopId, me, data, wsUrl, passage, onPassage, refresh, lang, t }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [showName, setShowName] = useState(false);
  const [answers, setAnswers] = useState({});
  const net = { networkMessage: t("error.network") };
  const isFacilitator = me.role === "facilitator";
  const status = data.status;
  const mine = data.me || {};
  const amendments = data.amendments || [];
  const pending = amendments.filter((a) => a.version === data.version && a.decision === "pending").length;
  const room = useMinutaDocument(wsUrl, workshopId, me);
  const seal = status === "sealed" && data.seals && data.seals.length ? data.seals[data.seals.length - 1] : null;

  /** @param {() => Promise<unknown>} call */
  const act = async (call) => {
    setBusy(true);
    setError("");
    try {
      await call();
      await refresh();
      return true;
    } catch (err) {
      setError(err.message);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class={`minuta minuta--${status}`} data-minuta-status={status}>
      <p class="minuta-head">
        <span class={`badge minuta-status minuta-status--${status}`}>{t(`minuta.status_${status}`)}</span>{" "}
        <span class="minuta-version">{t("minuta.version", { n: data.version })}</span>
      </p>
      <p class="field-hint">{t(`minuta.hint_${status}`)}</p>

      {(me.role === "participant" || me.role === "observer") && (
        <div class="minuta-attendance-me">
          {mine.attendance_confirmed_at ? (
            <p class="minuta-confirmed" role="status">
              {t("minuta.attendance_confirmed", { time: formatMexicoTime(mine.attendance_confirmed_at, lang) })}
            </p>
          ) : (
            <div class="moderation-panel__row">
              <button
                type="button"
                class="button button--primary"
                disabled={busy}
                onClick={() => act(() => confirmAttendance(workshopId, showName, net))}
              >
                {t("minuta.confirm_attendance")}
              </button>
              <label class="field field--inline minuta-show-name">
                <input type="checkbox" checked={showName} onChange={(e) => setShowName(e.currentTarget.checked)} />{" "}
                <span>{t("minuta.show_name")}</span>
              </label>
            </div>
          )}
        </div>
      )}

      <Attendance rows={data.attendance || []} t={t} />

      {mine.can_amend && passage && (
        <AmendmentForm
          passage={passage}
          busy={busy}
          t={t}
          onCancel={() => onPassage("")}
          onSubmit={async (body) => {
            if (await act(() => proposeAmendment(workshopId, body, net))) onPassage("");
          }}
        />
      )}
      {mine.can_amend && !passage && <p class="field-hint minuta-amend-hint">{t("minuta.amend_hint")}</p>}

      {wsUrl && (
        <MinutaDraft
          workshopId={workshopId}
          me={me}
          data={data}
          room={room}
          canAmend={Boolean(mine.can_amend)}
          onPassage={onPassage}
          refresh={refresh}
          lang={lang}
          t={t}
        />
      )}

      {amendments.length > 0 && (
        <section class="minuta-amendments" aria-labelledby="minuta-amendments-title">
          <h4 id="minuta-amendments-title">{t("minuta.amendments")}</h4>
          <ol class="minuta-amendment-list">
            {amendments.map((a) => (
              <li key={a.id} class={`minuta-amendment minuta-amendment--${a.decision}`} data-amendment-id={a.id}>
                <p class="minuta-amendment__passage">
                  <span class={`badge minuta-decision minuta-decision--${a.decision}`}>{t(`minuta.decision_${a.decision}`)}</span>{" "}
                  {t("minuta.passage")}: «{a.passage}»
                </p>
                <p class="minuta-amendment__text">
                  {t("minuta.proposed_text")}: {a.text}
                </p>
                <p class="minuta-amendment__meta">
                  {t("minuta.reason")}: {a.reason} · {t(`sector.${a.sector}`)} · {t("minuta.version", { n: a.version })}
                </p>
                {a.response && (
                  <p class="minuta-amendment__response">
                    {t("minuta.response")}: {a.response}
                  </p>
                )}
                {isFacilitator && a.decision === "pending" && status === "draft" && (
                  <div class="moderation-panel__row">
                    <label class="field field--inline">
                      <span class="visually-hidden">{t("minuta.answer_reason")}</span>
                      <input
                        type="text"
                        maxLength={REASON_MAX}
                        placeholder={t("minuta.answer_reason")}
                        value={answers[a.id] || ""}
                        onInput={(e) => setAnswers({ ...answers, [a.id]: e.currentTarget.value })}
                      />
                    </label>
                    {["accepted", "rejected"].map((decision) => (
                      <button
                        key={decision}
                        type="button"
                        class="button button--small"
                        data-decision={decision}
                        disabled={busy || !(answers[a.id] || "").trim()}
                        onClick={() => act(() => answerAmendment(workshopId, a.id, decision, answers[a.id], net))}
                      >
                        {t(`minuta.answer_${decision}`)}
                      </button>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}

      {data.approval && <Approval approval={data.approval} t={t} />}

      {isFacilitator && status === "draft" && (
        <p>
          <button
            type="button"
            class="button button--primary"
            disabled={busy || pending > 0}
            onClick={() =>
              act(async () => {
                // What is put to consent is the draft as the server holds it: my edits first.
                const editing = room.state && room.state.server && (room.state.server.editable_by || []).includes(me.role);
                if (editing && !(await waitForSaved(room.connection))) throw new Error(t("minuta.not_saved_yet"));
                await openApproval(workshopId, net);
              })
            }
          >
            {t("minuta.open_approval")}
          </button>
          {pending > 0 && <span class="field-hint"> {t("minuta.pending", { n: pending })}</span>}
        </p>
      )}
      {status === "in_review" && <p class="notice minuta-in-review">{t("minuta.in_review")}</p>}
      {isFacilitator && status === "approved" && (
        <p>
          <button type="button" class="button button--primary" disabled={busy} onClick={() => act(() => sealMinutes(workshopId, net))}>
            {t("minuta.seal")}
          </button>
        </p>
      )}
      {seal && (
        <div class="notice minuta-seal" data-sha256={seal.sha256}>
          <p>
            <strong>{t("minuta.sealed", { n: seal.version, time: formatMexicoTime(seal.sealed_at, lang) })}</strong>
          </p>
          <p>
            {t("minuta.digest")}: <code class="minuta-digest">{seal.sha256}</code>
          </p>
          <p>
            <a class="minuta-verify-link" href={verificationPath(seal.sha256)} target="_blank" rel="noopener">
              {t("minuta.verify_link")}
            </a>
          </p>
          {isFacilitator && (
            <button type="button" class="button button--small" disabled={busy} onClick={() => act(() => startCorrection(workshopId, net))}>
              {t("minuta.correct", { n: data.version + 1 })}
            </button>
          )}
        </div>
      )}
      <MinutaDownloads workshopId={workshopId} sealed={status === "sealed"} lang={lang} t={t} />
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
    </div>
  );
}

/**
 * The minuta as a document (GET …/minutes/export/{format}): sealed, as it
 * was sealed with its digest and verification link; otherwise a draft that
 * says so. Fetched in the page (download-links.jsx): a refusal is said here.
 */
function MinutaDownloads({ workshopId, sealed, lang, t }) {
  const downloads = useDownloads({
    subject: "minuta",
    urlOf: (format) => minutaExportUrl(workshopId, format, lang),
    labelOf: (format) => t(`minuta.format_${format}`),
    t,
  });
  return (
    <section class="minuta-downloads" aria-labelledby="minuta-downloads-title">
      <h4 id="minuta-downloads-title">{t("minuta.download_title")}</h4>
      <p class="field-hint">{t(sealed ? "minuta.download_sealed" : "minuta.download_draft")}</p>
      <ul class="plan-export-links" aria-labelledby="minuta-downloads-title">
        {MINUTA_FORMATS.map((format) => (
          <li key={format}>
            <DownloadLink downloads={downloads} format={format} />
          </li>
        ))}
      </ul>
      <DownloadNotice downloads={downloads} offered={() => MINUTA_FORMATS} />
    </section>
  );
}

function Attendance({ rows, t }) {
  if (!rows.length) return null;
  return (
    <section class="minuta-attendance" aria-labelledby="minuta-attendance-title">
      <h4 id="minuta-attendance-title">{t("minuta.attendance")}</h4>
      <ul>
        {rows.map((row) => (
          <li key={row.sector}>
            <strong>{t(`sector.${row.sector}`)}</strong> ({row.people})
            {[...row.organizations, ...row.names].length > 0 && <>: {[...row.organizations, ...row.names].join(" · ")}</>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Approval({ approval, t }) {
  return (
    <p class={`minuta-approval minuta-approval--${approval.approved ? "approved" : "not"}`}>
      {t(approval.approved ? "minuta.approval_passed" : "minuta.approval_failed", { n: approval.version })}{" "}
      {["agree", "can_live_with", "object"].map((key) => `${t(`consent.${key}`)}: ${approval[key]}`).join(" · ")}
      {approval.quorum_met ? "" : ` · ${t("minuta.no_quorum")}`}
    </p>
  );
}

function AmendmentForm({ passage, busy, t, onCancel, onSubmit }) {
  const [text, setText] = useState("");
  const [reason, setReason] = useState("");
  return (
    <form
      class="card minuta-amendment-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ passage: passage.slice(0, PASSAGE_MAX), text, reason });
      }}
    >
      <p>
        {t("minuta.passage")}: «{passage.slice(0, PASSAGE_MAX)}»
      </p>
      <label class="field">
        <span>{t("minuta.proposed_text")}</span>
        <textarea name="text" maxLength={TEXT_MAX} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t("minuta.reason")}</span>
        <textarea name="reason" maxLength={REASON_MAX} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <div class="moderation-panel__row">
        <button type="submit" class="button button--primary button--small" disabled={busy || !text.trim() || !reason.trim()}>
          {t("minuta.propose")}
        </button>
        <button type="button" class="button button--small" onClick={onCancel}>
          {t("minuta.cancel")}
        </button>
      </div>
    </form>
  );
}
