// «Hoja de ruta», a chunk: the commitment's work plan, filled in live by the
// whole mesa over a Yjs provider to `<id>/roadmap` (roadmap-document.js),
// one section per field of the Guía Básica (roadmap-sections.jsx). A chooser
// when the workshop has several commitments. The live check's issues sit
// beside their fields and are counted in a summary; the facilitator records
// the agreement (roadmap-agreement.jsx). Editable only in the «Hoja de ruta»
// phase; before and after, the same sections read-only.

import { useEffect, useMemo, useState } from "preact/hooks";
import { DocumentStatus } from "./document-status.jsx";
import { AGREEMENT_PHASES, AgreementCard, AgreementStatus } from "./roadmap-agreement.jsx";
import { getRoadmap } from "./roadmap-api.js";
import { useLiveCheck, useRoadmap, useRoadmapDocument } from "./roadmap-document.js";
import { localizeIssues } from "./roadmap-issues.js";
import {
  countText,
  fieldId,
  issueCounts,
  issuesByField,
  sameAsAgreed,
  sectionOf,
} from "./roadmap-model.js";
import { RoadmapSections } from "./roadmap-sections.jsx";
import { LIVE_TOPIC_COMMITMENTS, LIVE_TOPIC_ROADMAP } from "./document-schema.js";
import { useLiveResource } from "./use-live-resource.js";
import { listCommitments } from "./voting-api.js";
import "./room-kit.js";
import "./stage-kit.js";

const COMMITMENTS_TOPICS = [LIVE_TOPIC_COMMITMENTS];
const ROADMAP_TOPICS = [LIVE_TOPIC_ROADMAP, LIVE_TOPIC_COMMITMENTS];
const ROADMAP_PHASE = "hoja_de_ruta";

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {string} props.phase
 * @param {{participant_id: string, role: string, name: string, sector: string}} props.me
 * @param {string} props.wsUrl
 * @param {boolean} props.projector
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function RoadmapPanel({ workshopId, phase, me, wsUrl, projector, lang, t }) {
  const commitments = useLiveResource(() => listCommitments(workshopId, { networkMessage: t("error.network") }), {
    key: workshopId,
    workshopId,
    topics: COMMITMENTS_TOPICS,
  });
  const list = (commitments.data && commitments.data.commitments) || [];
  const [chosen, setChosen] = useState("");
  const commitment = list.find((c) => c.id === chosen) || list[0] || null;

  const { state, connection } = useRoadmapDocument(wsUrl, workshopId, me);
  const session = state && state.session;
  const doc = session && session.synced ? session.doc : null;
  const server = state && state.server;
  const editableBy = server && Array.isArray(server.editable_by) ? server.editable_by : [];
  const usable = Boolean(session && session.synced && !session.rejected && !state.terminal);
  const editable = usable && editableBy.includes(me.role) && !projector;

  let readOnly = "";
  if (me.role === "observer") readOnly = t("roadmap.readonly_observer");
  else if (usable && !editable && !projector && phase !== ROADMAP_PHASE) readOnly = t("roadmap.readonly_phase");

  return (
    <div class="roadmap">
      <p class="stage-intro">{t("roadmap.intro")}</p>
      {commitments.error && (
        <p class="form-message form-message--error" role="alert">
          {commitments.error}
        </p>
      )}
      {commitments.loaded && list.length === 0 && <p class="tree-empty">{t("roadmap.no_commitments")}</p>}
      {list.length > 1 && (
        <div class="field roadmap-chooser">
          <label for="roadmap-commitment">{t("roadmap.choose_commitment")}</label>
          <select
            id="roadmap-commitment"
            value={commitment.id}
            onChange={(event) => setChosen(event.currentTarget.value)}
          >
            {list.map((c, index) => (
              <option key={c.id} value={c.id}>
                {commitmentTitle(c, index, t)}
              </option>
            ))}
          </select>
        </div>
      )}
      {list.length === 1 && (
        <p class="roadmap-commitment">
          {t("roadmap.commitment_label")} <strong>{commitmentTitle(commitment, 0, t)}</strong>
        </p>
      )}
      <DocumentStatus
        state={state}
        connection={connection}
        liveText={(words) => t("roadmap.live", { state: words })}
        forbiddenText={t("roadmap.close_forbidden")}
        t={t}
      />
      {readOnly && (
        <p class="notice notice--readonly" role="note">
          {readOnly}
        </p>
      )}
      {commitment && (
        <RoadmapForm
          key={commitment.id}
          workshopId={workshopId}
          commitmentId={commitment.id}
          doc={doc}
          editable={editable}
          canAgree={me.role === "facilitator" && !projector && AGREEMENT_PHASES.includes(phase)}
          connection={connection}
          lang={lang}
          t={t}
        />
      )}
    </div>
  );
}

const commitmentTitle = (commitment, index, t) => {
  const sheet = (commitment && commitment.sheet) || {};
  const title = typeof sheet.title === "string" ? sheet.title : "";
  return title.trim() || t("roadmap.commitment_n", { n: index + 1 });
};

/** One commitment's hoja de ruta: its live draft, the check, the sections and the agreement. */
function RoadmapForm({ workshopId, commitmentId, doc, editable, canAgree, connection, lang, t }) {
  const { roadmap, draft } = useRoadmap(doc, commitmentId);
  const check = useLiveCheck(workshopId, draft, t);
  const issues = useMemo(() => localizeIssues(check.issues, t, lang), [check.issues, t, lang]);
  const view = useLiveResource(() => getRoadmap(workshopId, commitmentId, { networkMessage: t("error.network") }), {
    key: `${workshopId}/${commitmentId}`,
    workshopId,
    topics: ROADMAP_TOPICS,
  });
  const byField = useMemo(() => issuesByField(issues), [issues]);
  const counts = issueCounts(issues);
  const agreed = (view.data && view.data.agreed) || null;
  const changed = Boolean(agreed && draft && !sameAsAgreed(draft, agreed));
  const prefix = `roadmap-${commitmentId}`;

  if (!doc) return <p class="tree-loading">{t("roadmap.loading")}</p>;
  if (!roadmap || !draft) return <p class="tree-loading">{t("roadmap.preparing")}</p>;
  const ctx = { prefix, issues: byField, editable, lang, t };
  return (
    <>
      <AgreementStatus agreed={agreed} changed={changed} lang={lang} t={t} />
      <IssueSummary
        issues={issues}
        counts={counts}
        agreed={Boolean(agreed) && !changed}
        checked={check.checked}
        error={check.error}
        prefix={prefix}
        t={t}
      />
      <RoadmapSections roadmap={roadmap} draft={draft} term={(view.data && view.data.term) || null} ctx={ctx} />
      <AgreementCard
        workshopId={workshopId}
        commitmentId={commitmentId}
        agreed={agreed}
        changed={changed}
        counts={counts}
        canAgree={canAgree}
        connection={connection}
        onAgreed={view.refresh}
        recheck={check.recheck}
        lang={lang}
        t={t}
      />
      {view.error && (
        <p class="form-message form-message--error" role="alert">
          {view.error}
        </p>
      )}
    </>
  );
}

/**
 * The live check in one line (a status region: errors and warnings
 * counted), and the list of every issue, each a link to its field.
 */
function IssueSummary({ issues, counts, agreed, checked, error, prefix, t }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (issues.length === 0) setOpen(false);
  }, [issues.length]);
  let line = t("roadmap.checking");
  // Once agreed (and unchanged since), it no longer «puede acordarse».
  if (checked && counts.errors + counts.warnings === 0)
    line = agreed ? t("roadmap.issues_none_agreed") : t("roadmap.issues_none");
  else if (checked) {
    const errors = countText(t, "roadmap.errors", counts.errors);
    const warnings = countText(t, "roadmap.warnings", counts.warnings);
    if (counts.errors > 0 && counts.warnings > 0) line = t("roadmap.issues_count", { errors, warnings });
    else line = t("roadmap.issues_one_kind", { count: counts.errors > 0 ? errors : warnings });
  }
  const goTo = (event, field) => {
    event.preventDefault();
    const target =
      document.getElementById(fieldId(prefix, field)) ||
      document.getElementById(`${fieldId(prefix, `section-${sectionOf(field)}`)}-title`);
    if (target) {
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    }
  };
  const state = !checked ? "pending" : counts.errors > 0 ? "errors" : counts.warnings > 0 ? "warnings" : "clear";
  return (
    <div class={`roadmap-summary roadmap-summary--${state}`}>
      <p class="roadmap-summary-line" role="status">
        {line}
      </p>
      {error && <p class="roadmap-summary-error">{t("roadmap.check_failed", { error })}</p>}
      {issues.length > 0 && (
        <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary>{t("roadmap.issues_show")}</summary>
          <ul class="roadmap-summary-list">
            {issues.map((issue, index) => (
              <li key={index} class={`roadmap-issue roadmap-issue--${issue.severity}`}>
                <a
                  href={`#${fieldId(prefix, issue.field || "section-responsible")}`}
                  onClick={(event) => goTo(event, issue.field)}
                >
                  {issue.message}
                </a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
