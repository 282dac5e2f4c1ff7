// The controls of the hoja de ruta form, each bound to one value of the
// roadmap document and each with its live issues beside it (linked by
// aria-describedby): shared texts (a line, a paragraph, a list with one entry
// per line), dates, numbers and the indicator's direction. Read-only, each
// shows its value as text. Plain values are last-writer-wins: a number being
// typed stays as typed until the field is left.

import { useState } from "preact/hooks";
import * as Y from "yjs";
import { formatDate } from "./i18n.js";
import {
  DIRECTIONS,
  RULE_REQUIRED,
  SEVERITY_ERROR,
  fieldId,
  isFault,
  linesOf,
  numberText,
  parseNumber,
  setPlain,
} from "./roadmap-model.js";
import { YTextField } from "./text-field.jsx";
import { useYText } from "./use-ytext.js";

/**
 * @typedef {object} FieldContext what every field of one hoja de ruta shares
 * @property {string} prefix unique per commitment on the page (control ids)
 * @property {Map<string, import("./roadmap-model.js").Issue[]>} issues by field path
 * @property {boolean} editable
 * @property {string} lang
 * @property {(key: string, params?: object) => string} t
 */

/**
 * The issues of one field, or of a whole list (`activities`, `list` true).
 * @param {{id: string, issues: import("./roadmap-model.js").Issue[]|undefined, list?: boolean, t: Function}} props
 */
export function FieldIssues({ id, issues, list = false, t }) {
  if (!issues || issues.length === 0) return null;
  return (
    <ul id={id} class={`roadmap-issues${list ? " roadmap-issues--list" : ""}`}>
      {issues.map((issue, index) =>
        // An empty field says so briefly; the summary keeps the server's full sentence.
        issue.rule === RULE_REQUIRED && !list ? (
          <li key={index} class="roadmap-issue roadmap-issue--required">
            {t("roadmap.required")}
          </li>
        ) : (
          <li key={index} class={`roadmap-issue roadmap-issue--${issue.severity}`}>
            <span class="roadmap-issue-kind">
              {t(issue.severity === SEVERITY_ERROR ? "roadmap.issue_error" : "roadmap.issue_warning")}
            </span>{" "}
            {issue.message}
          </li>
        ),
      )}
    </ul>
  );
}

/** Ids, issues and aria attributes of the field at `path`. */
const useField = (ctx, path) => {
  const id = fieldId(ctx.prefix, path);
  const issues = ctx.issues.get(path);
  const issuesId = issues ? `${id}-issues` : undefined;
  const invalid = Boolean(issues && issues.some(isFault));
  return { id, issues, issuesId, invalid };
};

function Field({ id, label, hint, wide, issues, issuesId, children, t }) {
  return (
    <div class={`field roadmap-field${wide ? " roadmap-field--wide" : ""}${issues ? " roadmap-field--issue" : ""}`}>
      <label for={id}>{label}</label>
      {hint && <p class="field-hint">{hint}</p>}
      {children}
      <FieldIssues id={issuesId} issues={issues} t={t} />
    </div>
  );
}

/** A value shown read-only, or «Sin completar». */
function Shown({ id, text, t, children }) {
  const empty = !text && !children;
  return (
    <p id={id} class={`roadmap-value${empty ? " roadmap-value--empty" : ""}`} tabindex={-1}>
      {children || text || t("roadmap.empty_value")}
    </p>
  );
}

/**
 * A shared text: one line (`multiline` false), a paragraph, or a list with
 * one entry per line (`lines`).
 * @param {{value: any, path: string, label: string, name: string, ctx: FieldContext, multiline?: boolean,
 *   lines?: boolean, max: number, hint?: string, wide?: boolean}} props
 *   label: what the field says; name: its accessible name (the item's number and the label)
 */
export function TextInput({ value, path, label, name, ctx, multiline = false, lines = false, max, hint, wide }) {
  const field = useField(ctx, path);
  const ytext = value instanceof Y.Text ? value : null;
  const text = useYText(ytext, ytext ? "" : typeof value === "string" ? value : "");
  const editing = ctx.editable && ytext;
  let shown = null;
  if (!editing && lines) {
    const entries = linesOf(text);
    shown =
      entries.length > 0 ? (
        <ul id={field.id} class="roadmap-value roadmap-lines" tabindex={-1}>
          {entries.map((entry, index) => (
            <li key={index}>{entry}</li>
          ))}
        </ul>
      ) : (
        <Shown id={field.id} text="" t={ctx.t} />
      );
  } else if (!editing) {
    shown = <Shown id={field.id} text={text.trim()} t={ctx.t} />;
  }
  return (
    <Field {...field} label={label} hint={editing ? hint : ""} wide={wide || multiline || lines} t={ctx.t}>
      {editing ? (
        <YTextField
          ytext={ytext}
          id={field.id}
          className={`roadmap-text${multiline || lines ? " roadmap-text--long" : ""}`}
          label={name || label}
          readOnly={false}
          maxLength={lines ? undefined : max}
          singleLine={!multiline && !lines}
          describedBy={field.issuesId}
          invalid={field.invalid}
        />
      ) : (
        shown
      )}
    </Field>
  );
}

/**
 * A date (`YYYY-MM-DD`, null when empty) of the map's `key`.
 * @param {{map: import("yjs").Map<any>, field: string, path: string, label: string, name?: string,
 *   ctx: FieldContext}} props
 */
export function DateInput({ map, field: key, path, label, name, ctx }) {
  const field = useField(ctx, path);
  const value = map.get(key);
  const text = typeof value === "string" ? value : "";
  return (
    <Field {...field} label={label} t={ctx.t}>
      {ctx.editable ? (
        <input
          id={field.id}
          type="date"
          class="roadmap-date"
          value={text}
          aria-label={name || label}
          aria-describedby={field.issuesId}
          aria-invalid={field.invalid ? "true" : undefined}
          onChange={(event) => setPlain(map, key, event.currentTarget.value)}
        />
      ) : (
        <Shown id={field.id} text={text ? formatDate(text, ctx.lang) : ""} t={ctx.t} />
      )}
    </Field>
  );
}

/**
 * A number of the map's `key` (null when empty), typed freely: it is written
 * when it reads as a number, and a local note says when it does not.
 * @param {{map: import("yjs").Map<any>, field: string, path: string, label: string, name?: string, ctx: FieldContext,
 *   integer?: boolean, unit?: string}} props
 */
export function NumberInput({ map, field: key, path, label, name, ctx, integer = false, unit = "" }) {
  const field = useField(ctx, path);
  const stored = numberText(map.get(key));
  // While focused the field keeps what is typed («12,» on its way to «12,5»).
  const [typing, setTyping] = useState(null);
  const [bad, setBad] = useState(false);
  const noteId = `${field.id}-note`;
  const describedBy = [bad ? noteId : "", field.issuesId || ""].filter(Boolean).join(" ") || undefined;
  const onInput = (event) => {
    const text = event.currentTarget.value;
    setTyping(text);
    const parsed = parseNumber(text, { integer });
    setBad(!parsed.ok);
    if (parsed.ok) setPlain(map, key, parsed.value);
  };
  const shownText = stored ? `${stored}${unit ? ` ${unit}` : ""}` : "";
  return (
    <Field {...field} label={label} t={ctx.t}>
      {ctx.editable ? (
        <span class="roadmap-number">
          <input
            id={field.id}
            type="text"
            inputMode={integer ? "numeric" : "decimal"}
            autoComplete="off"
            class="roadmap-number-input"
            value={typing === null ? stored : typing}
            aria-label={name || label}
            aria-describedby={describedBy}
            aria-invalid={bad || field.invalid ? "true" : undefined}
            onInput={onInput}
            onFocus={(event) => setTyping(event.currentTarget.value)}
            onBlur={() => {
              setTyping(null);
              setBad(false);
            }}
          />
          {unit && <span class="roadmap-unit" aria-hidden="true">{unit}</span>}
        </span>
      ) : (
        <Shown id={field.id} text={shownText} t={ctx.t} />
      )}
      {bad && (
        <p id={noteId} class="roadmap-issue roadmap-issue--local">
          {ctx.t(integer ? "roadmap.not_an_integer" : "roadmap.not_a_number")}
        </p>
      )}
    </Field>
  );
}

/**
 * The indicator's direction (sentido): ascendente, descendente, constante.
 * @param {{map: import("yjs").Map<any>, path: string, label: string, name?: string, ctx: FieldContext}} props
 */
export function DirectionSelect({ map, path, label, name, ctx }) {
  const field = useField(ctx, path);
  const value = map.get("direction");
  const known = DIRECTIONS.includes(value) ? value : "";
  return (
    <Field {...field} label={label} t={ctx.t}>
      {ctx.editable ? (
        <select
          id={field.id}
          value={known}
          aria-label={name || label}
          aria-describedby={field.issuesId}
          aria-invalid={field.invalid ? "true" : undefined}
          onChange={(event) => setPlain(map, "direction", event.currentTarget.value)}
        >
          <option value="">{ctx.t("roadmap.direction_none")}</option>
          {DIRECTIONS.map((direction) => (
            <option key={direction} value={direction}>
              {ctx.t(`roadmap.direction_${direction}`)}
            </option>
          ))}
        </select>
      ) : (
        <Shown id={field.id} text={known ? ctx.t(`roadmap.direction_${known}`) : ""} t={ctx.t} />
      )}
    </Field>
  );
}
