// «Revisión de factibilidad y viabilidad», a chunk of the «Alternativas» tab:
// a matrix of the alternatives × the workshop's criteria, each cell a level
// (alta / media / baja, in colour AND words) and a note, with a summary per
// alternative. Every member reads it (read again when the server pushes a change of it); the
// facilitator records the mesa's assessment after the discussion (a dialog
// per cell) and edits the criteria. On a phone each alternative is a block.
// Both forms save with the revision they started from: if another save came
// first (another tab), what was typed stays and the facilitator chooses.

import { useEffect, useRef, useState } from "preact/hooks";
import { getAssessment, putAssessment } from "./assessment-api.js";
import {
  LEVELS,
  LEVEL_NONE,
  NOTE_MAX,
  canAssess,
  canEditCriteria,
  cellRequest,
  levelKey,
  summaryParts,
  withCell,
} from "./assessment-model.js";
import { formatMexicoTime } from "./i18n.js";
import { LIVE_TOPIC_ALTERNATIVES, LIVE_TOPIC_ASSESSMENT } from "./document-schema.js";
import { CriteriaEditor } from "./criteria-editor.jsx";
import { EditConflict, isEditConflict } from "./edit-conflict.jsx";
import { useLiveResource } from "./use-live-resource.js";
import "./room-kit.js";
import "./stage-kit.js";

/** Assessments change by HTTP only: asked again when the server pushes a change. */
const REVIEW_TOPICS = [LIVE_TOPIC_ASSESSMENT, LIVE_TOPIC_ALTERNATIVES];
/** How full the meter of each level is (a shape as well as a colour and a word). */
const METER = { alta: 3, media: 2, baja: 1, [LEVEL_NONE]: 0 };
const NONE = [];

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {string} props.phase
 * @param {{participant_id: string, role: string}} props.me
 * @param {import("./stage.jsx").AlternativesState} props.alternatives live titles
 * @param {Map<string, string>} props.names member names
 * @param {string} props.lang
 * @param {boolean} props.projector
 * @param {(key: string, params?: object) => string} props.t
 */
export function AssessmentView({ workshopId, phase, me, alternatives, names, lang, projector, t }) {
  const net = { networkMessage: t("error.network") };
  const polled = useLiveResource(() => getAssessment(workshopId, net), {
    key: workshopId,
    workshopId,
    topics: REVIEW_TOPICS,
  });
  const review = polled.data;
  const [editing, setEditing] = useState(null);
  const [saved, setSaved] = useState("");
  const editable = canAssess(me.role, phase, projector);
  const criteria = (review && review.criteria) || NONE;
  const rows = (review && review.alternatives) || NONE;
  const titleOf = (row) => (alternatives.byId.has(row.alternative_id) ? alternatives.byId.get(row.alternative_id).title : row.title);

  let readOnly = "";
  if (!projector && !editable)
    readOnly = me.role === "facilitator" ? t("assessment.readonly_phase") : t("assessment.readonly_member");

  return (
    <section class="assessment" aria-labelledby="assessment-heading">
      <h3 id="assessment-heading" class="assessment-heading">
        {t("assessment.title")}
      </h3>
      <p class="stage-intro">{t("assessment.intro")}</p>
      {readOnly && (
        <p class="notice notice--readonly" role="note">
          {readOnly}
        </p>
      )}
      {polled.error && (
        <p class="form-message form-message--error" role="alert">
          {polled.error}
        </p>
      )}
      {!polled.loaded && !polled.error && (
        <p class="tree-loading" role="status">
          {t("assessment.loading")}
        </p>
      )}
      <p class="form-message form-message--done assessment-saved" role="status">
        {saved}
      </p>
      {review && (
        <>
          <Legend t={t} />
          {rows.length === 0 ? (
            <p class="tree-empty">{t("assessment.no_alternatives")}</p>
          ) : (
            <Matrix
              criteria={criteria}
              rows={rows}
              titleOf={titleOf}
              editable={editable}
              onEdit={(row, criterion) => {
                setSaved("");
                setEditing({ alternativeId: row.alternative_id, title: titleOf(row), criterion });
              }}
              t={t}
            />
          )}
          {review.retired && review.retired.length > 0 && (
            <p class="notice assessment-retired" role="note">
              {t("assessment.retired", {
                list: review.retired.map((r) => `«${r.label || r.id}» (${r.assessments})`).join(", "),
              })}
            </p>
          )}
        </>
      )}
      {review && canEditCriteria(me.role, phase, projector) && (
        <CriteriaEditor
          workshopId={workshopId}
          criteria={criteria}
          revision={review.criteria_revision || 0}
          onSaved={polled.refresh}
          t={t}
        />
      )}
      {editing && (
        <CellDialog
          workshopId={workshopId}
          editing={editing}
          cell={cellOf(rows, editing)}
          names={names}
          lang={lang}
          onRefresh={polled.refresh}
          onClose={() => setEditing(null)}
          onSaved={(answer) => {
            polled.set(withCell(review, editing.alternativeId, answer));
            setSaved(
              t("assessment.saved", {
                alternative: editing.title,
                criterion: editing.criterion.label,
                level: t(levelKey(answer.level)),
              }),
            );
            setEditing(null);
          }}
          t={t}
        />
      )}
    </section>
  );
}

const cellOf = (rows, editing) => {
  const row = rows.find((r) => r.alternative_id === editing.alternativeId);
  return (row && row.cells[editing.criterion.id]) || null;
};

/**
 * A level in colour, in a word and as a meter of three marks.
 * @param {{level: string|null|undefined, t: (key: string) => string}} props
 */
export function LevelChip({ level, t }) {
  const key = LEVELS.includes(level) ? level : LEVEL_NONE;
  return (
    <span class={`level-chip level-chip--${key}`}>
      <span class="level-meter" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <span key={n} class={n <= METER[key] ? "level-mark level-mark--on" : "level-mark"} />
        ))}
      </span>
      {t(levelKey(level))}
    </span>
  );
}

function Legend({ t }) {
  return (
    <p class="level-legend">
      <span class="level-legend-title">{t("assessment.legend")}</span>
      {[...LEVELS, LEVEL_NONE].map((level) => (
        <LevelChip key={level} level={level} t={t} />
      ))}
    </p>
  );
}

function Matrix({ criteria, rows, titleOf, editable, onEdit, t }) {
  return (
    <div class="assessment-scroll" role="region" aria-labelledby="assessment-caption" tabIndex={0}>
      <table class="assessment-matrix">
        <caption id="assessment-caption">{t("assessment.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("assessment.alternative")}</th>
            <th scope="col">{t("assessment.summary")}</th>
            {criteria.map((c) => (
              <th scope="col" key={c.id} data-criterion={c.id}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const title = titleOf(row);
            return (
              <tr key={row.alternative_id} data-alternative-id={row.alternative_id}>
                <th scope="row" class="assessment-alternative">
                  {title}
                  {!row.assessable && (
                    <span class={`badge disposition disposition--${row.disposition}`}>
                      {t(`disposition.${row.disposition}`)}
                    </span>
                  )}
                </th>
                <td data-label={t("assessment.summary")} class="assessment-summary">
                  <Summary summary={row.summary} t={t} />
                </td>
                {criteria.map((c) => {
                  const cell = row.cells[c.id];
                  const content = (
                    <span class="assessment-cell-content">
                      <LevelChip level={cell && cell.level} t={t} />
                      {cell && cell.note && <span class="assessment-note">{cell.note}</span>}
                    </span>
                  );
                  return (
                    <td key={c.id} data-label={c.label} data-criterion={c.id} class="assessment-cell">
                      {editable && row.assessable ? (
                        <button type="button" class="assessment-cell-button" onClick={() => onEdit(row, c)}>
                          {/* The name says what the visible level and note are about. */}
                          <span class="visually-hidden">
                            {t("assessment.edit_cell", { alternative: title, criterion: c.label })}{" "}
                          </span>
                          {content}
                        </button>
                      ) : (
                        content
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Summary({ summary, t }) {
  return (
    <span class="assessment-summary-line">
      {summaryParts(summary).map(({ level, count }) => (
        <span key={level} class={`summary-count summary-count--${level}`}>
          {t(levelKey(level))}: <strong>{count}</strong>
        </span>
      ))}
    </span>
  );
}

const revisionOf = (cell) => (cell && cell.revision) || 0;

function CellDialog({ workshopId, editing, cell, names, lang, onRefresh, onClose, onSaved, t }) {
  const ref = useRef(null);
  const [level, setLevel] = useState((cell && cell.level) || "");
  const [note, setNote] = useState((cell && cell.note) || "");
  // The cell's revision the dialog opened at (docs/api.md «Stale writes»).
  const [base, setBase] = useState(() => revisionOf(cell));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [conflict, setConflict] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    }
  }, []);
  const criterion = editing.criterion;
  const submit = async (event) => {
    event.preventDefault();
    const { body, problem } = cellRequest({ criterion: criterion.id, level, note });
    if (problem) {
      setError(t(`assessment.needs_${problem}`, { max: NOTE_MAX }));
      return;
    }
    await save({ ...body, base_revision: base });
  };
  const save = async (body) => {
    setBusy(true);
    setError("");
    setConflict(false);
    try {
      onSaved(await putAssessment(workshopId, editing.alternativeId, body, { networkMessage: t("error.network") }));
    } catch (err) {
      if (isEditConflict(err)) {
        setConflict(true);
        onRefresh();
      } else setError(err.message);
      setBusy(false);
    }
  };
  const showCurrent = () => {
    setLevel((cell && cell.level) || "");
    setNote((cell && cell.note) || "");
    setBase(revisionOf(cell));
    setConflict(false);
  };
  // Mine over theirs: saved on the revision the server holds now.
  const keepMine = async () => {
    const { body } = cellRequest({ criterion: criterion.id, level, note });
    setBusy(true);
    try {
      const review = await getAssessment(workshopId, { networkMessage: t("error.network") });
      const row = (review.alternatives || []).find((r) => r.alternative_id === editing.alternativeId);
      const now = revisionOf(row && row.cells[criterion.id]);
      setBase(now);
      await save({ ...body, base_revision: now });
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  };
  const when = cell && cell.updated_at ? formatWhen(cell.updated_at, lang) : "";
  return (
    <dialog ref={ref} class="cell-dialog" aria-labelledby="cell-dialog-heading" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h3 id="cell-dialog-heading">{t("assessment.cell_title", { alternative: editing.title, criterion: criterion.label })}</h3>
        {cell && when && (
          <p class="field-hint">
            {t("assessment.last_change", { name: names.get(cell.updated_by) || t("assessment.facilitator"), when })}
          </p>
        )}
        <div class="field">
          <label for="cell-level">{t("assessment.level_label")}</label>
          <select id="cell-level" value={level} onChange={(event) => setLevel(event.currentTarget.value)}>
            <option value="">{t(levelKey(null))}</option>
            {LEVELS.map((value) => (
              <option key={value} value={value}>
                {t(levelKey(value))}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="cell-note">
            {t("assessment.note_label")} <span class="optional">{t("common.optional")}</span>
          </label>
          <textarea
            id="cell-note"
            rows={4}
            maxLength={NOTE_MAX}
            aria-describedby="cell-note-count"
            value={note}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
          <p id="cell-note-count" class="field-hint">
            {t("assessment.note_count", { count: note.length, max: NOTE_MAX })}
          </p>
        </div>
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
        {conflict && (
          <EditConflict
            message={t("assessment.cell_conflict", {
              level: t(levelKey((cell && cell.level) || null)),
              note: (cell && cell.note) || "—",
            })}
            onShowCurrent={showCurrent}
            onKeepMine={keepMine}
            busy={busy}
            t={t}
          />
        )}
        <div class="dialog-actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {t("assessment.save_cell")}
          </button>
          <button type="button" class="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}

const formatWhen = (iso, lang) => formatMexicoTime(iso, lang);
