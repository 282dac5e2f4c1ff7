// The eight sections of the hoja de ruta, numbered as the Guía Básica numbers
// them: 1 the responsible public servant, 2 the co-responsible organizations,
// 3 activities (cards with their weights' running total), 4 the final
// result, 5 expected products, 6 indicators (cards), 7 means of verification,
// 8 start and end dates. Organizations, activities and indicators are lists
// of cards that anyone editing may add to or remove from.

import { useState } from "preact/hooks";
import * as Y from "yjs";
import { formatDate } from "./i18n.js";
import { DateInput, DirectionSelect, FieldIssues, NumberInput, TextInput } from "./roadmap-fields.jsx";
import {
  LONG_TEXT_MAX,
  MAX_ITEMS,
  RESPONSIBLE_KEYS,
  SHORT_TEXT_MAX,
  addItem,
  fieldId,
  isFullWeight,
  itemsOf,
  removeItem,
  weightTotal,
} from "./roadmap-model.js";

/**
 * @param {object} props
 * @param {import("yjs").Map<any>} props.roadmap the commitment's map in the document
 * @param {Record<string, any>} props.draft its draft (roadmap-model.js `draftFromMap`)
 * @param {{start: string, end: string}|null} props.term the plan's term, when the commitment is in a plan
 * @param {import("./roadmap-fields.jsx").FieldContext} props.ctx
 */
export function RoadmapSections({ roadmap, draft, term, ctx }) {
  const { t } = ctx;
  const responsible = roadmap.get("responsible");
  const top = (key) => ({ value: roadmap.get(key), path: key, label: t(`roadmap.section_${key}`), ctx });
  return (
    <div class="roadmap-sections">
      <Section n={1} name="responsible" ctx={ctx}>
        <div class="roadmap-grid">
          {RESPONSIBLE_KEYS.map((key) => (
            <TextInput
              key={key}
              value={responsible instanceof Y.Map ? responsible.get(key) : null}
              path={`responsible.${key}`}
              label={t(`roadmap.field_responsible_${key}`)}
              ctx={ctx}
              max={SHORT_TEXT_MAX}
            />
          ))}
        </div>
      </Section>
      <Section n={2} name="organizations" ctx={ctx}>
        <ItemList
          roadmap={roadmap}
          kind="organizations"
          ctx={ctx}
          render={(field) => (
            <>
              <TextInput {...field("name")} max={SHORT_TEXT_MAX} />
              <TextInput {...field("contact")} max={SHORT_TEXT_MAX} />
            </>
          )}
        />
      </Section>
      <Section n={3} name="activities" ctx={ctx}>
        <ItemList
          roadmap={roadmap}
          kind="activities"
          ctx={ctx}
          render={(field) => <ActivityFields field={field} t={t} />}
          footer={<WeightTotal activities={draft.activities} ctx={ctx} />}
        />
      </Section>
      <Section n={4} name="result" ctx={ctx}>
        <TextInput {...top("result")} multiline max={LONG_TEXT_MAX} />
      </Section>
      <Section n={5} name="products" ctx={ctx}>
        <TextInput {...top("products")} lines hint={t("roadmap.one_per_line")} />
      </Section>
      <Section n={6} name="indicators" ctx={ctx}>
        <ItemList
          roadmap={roadmap}
          kind="indicators"
          ctx={ctx}
          render={(field, item) => <IndicatorFields field={field} item={item} t={t} />}
        />
      </Section>
      <Section n={7} name="verification" ctx={ctx}>
        <TextInput {...top("verification")} lines hint={t("roadmap.one_per_line")} />
      </Section>
      <Section n={8} name="dates" ctx={ctx}>
        <p class="field-hint">
          {term && term.start && term.end
            ? t("roadmap.term_plan", { start: formatDate(term.start, ctx.lang), end: formatDate(term.end, ctx.lang) })
            : t("roadmap.term_default")}
        </p>
        <div class="roadmap-grid">
          <DateInput map={roadmap} field="start" path="start" label={t("roadmap.field_commitment_start")} ctx={ctx} />
          <DateInput map={roadmap} field="end" path="end" label={t("roadmap.field_commitment_end")} ctx={ctx} />
        </div>
      </Section>
    </div>
  );
}

function Section({ n, name, ctx, children }) {
  const id = fieldId(ctx.prefix, `section-${name}`);
  return (
    <section class={`roadmap-section roadmap-section--${name}`} id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="roadmap-section-title" tabindex={-1}>
        <span class="roadmap-section-number">{n}</span> {ctx.t(`roadmap.section_${name}`)}
      </h3>
      <p class="field-hint roadmap-section-hint">{ctx.t(`roadmap.section_hint_${name}`)}</p>
      {children}
    </section>
  );
}

/**
 * The props of one field of a card: its value (or map and key), its path
 * (`activities.2.end`), its label and its accessible name («Actividad 3: Fecha
 * de término»).
 * @callback CardField
 * @param {string} key the item's key
 * @param {{map?: import("yjs").Map<any>, path?: string, label?: string}} [where] a nested map (the baseline)
 * @returns {Record<string, any>}
 */

/** @returns {CardField} */
const cardField = (item, itemLabel, itemPath, ctx) => (key, where = {}) => {
  const map = where.map || item;
  const label = ctx.t(`roadmap.field_${where.label || key}`);
  return {
    map,
    field: key,
    value: map.get(key),
    path: where.path || `${itemPath}.${key}`,
    label,
    name: `${itemLabel}: ${label}`,
    ctx,
  };
};

function ActivityFields({ field, t }) {
  return (
    <>
      <TextInput {...field("description")} multiline max={LONG_TEXT_MAX} />
      <TextInput {...field("responsible")} max={SHORT_TEXT_MAX} wide />
      <DateInput {...field("start")} />
      <DateInput {...field("end")} />
      <NumberInput {...field("weight")} unit="%" />
      <TextInput {...field("products")} lines hint={t("roadmap.one_per_line")} />
      <TextInput {...field("verification")} lines hint={t("roadmap.one_per_line")} />
    </>
  );
}

function IndicatorFields({ field, item, t }) {
  const baseline = item.get("baseline");
  const path = field("baseline").path;
  return (
    <>
      <TextInput {...field("name", { label: "indicator_name" })} max={SHORT_TEXT_MAX} wide />
      <TextInput {...field("definition")} multiline max={LONG_TEXT_MAX} />
      <TextInput {...field("method")} multiline max={LONG_TEXT_MAX} />
      <TextInput {...field("unit")} max={SHORT_TEXT_MAX} />
      <TextInput {...field("frequency")} max={SHORT_TEXT_MAX} />
      <div class="roadmap-grid roadmap-grid--numbers roadmap-field--wide">
        {baseline instanceof Y.Map && (
          <>
            <NumberInput {...field("value", { map: baseline, path: `${path}.value`, label: "baseline_value" })} />
            <NumberInput {...field("year", { map: baseline, path: `${path}.year`, label: "baseline_year" })} integer />
          </>
        )}
        <NumberInput {...field("goal")} />
        <DirectionSelect {...field("direction")} />
      </div>
      <TextInput {...field("verification")} lines hint={t("roadmap.one_per_line")} />
    </>
  );
}

/** «Suma de pesos: 90 % de 100 %», marked when it is not yet 100. */
function WeightTotal({ activities, ctx }) {
  if (activities.length === 0) return null;
  const total = weightTotal(activities);
  const full = isFullWeight(total);
  const shown = new Intl.NumberFormat(ctx.lang === "en" ? "en" : "es-MX", { maximumFractionDigits: 2 }).format(total);
  return (
    <p class={`roadmap-weights${full ? " roadmap-weights--full" : ""}`}>
      <output>{ctx.t("roadmap.weights_total", { total: shown, goal: 100 })}</output>
    </p>
  );
}

/**
 * A repeatable list of cards (organizations, activities, indicators) with
 * the issues about the list as a whole and the button to add one.
 * @param {object} props
 * @param {import("yjs").Map<any>} props.roadmap
 * @param {string} props.kind
 * @param {import("./roadmap-fields.jsx").FieldContext} props.ctx
 * @param {(field: CardField, item: import("yjs").Map<any>) => any} props.render the fields of one card
 * @param {any} [props.footer] under the cards (the weights' total)
 */
function ItemList({ roadmap, kind, ctx, render, footer = null }) {
  const { t } = ctx;
  const items = itemsOf(roadmap, kind);
  const listIssuesId = fieldId(ctx.prefix, `${kind}-issues`);
  const seen = new Set();
  const add = () => {
    const index = items.length;
    if (!addItem(roadmap, kind)) return;
    // The new card renders after the document change: then its first field gets the focus.
    requestAnimationFrame(() => {
      const card = document.getElementById(fieldId(ctx.prefix, `${kind}.${index}`));
      const first = card && card.querySelector("textarea, input, select");
      if (first) first.focus();
    });
  };
  return (
    <>
      {items.length === 0 && <p class="roadmap-none">{t(`roadmap.none_${kind}`)}</p>}
      <ol class={`roadmap-cards roadmap-cards--${kind}`}>
        {items.map((item, index) => {
          const id = String(item.get("id") || "");
          const key = id && !seen.has(id) ? id : `${id}#${index}`;
          seen.add(id);
          const label = t(`roadmap.item_${kind}`, { n: index + 1 });
          const path = `${kind}.${index}`;
          return (
            <li key={key} class="roadmap-card" id={fieldId(ctx.prefix, path)} data-item-id={id}>
              <div class="roadmap-card-head">
                <h4 class="roadmap-card-title">{label}</h4>
                {ctx.editable && <RemoveItem label={label} onRemove={() => removeItem(roadmap, kind, id)} t={t} />}
              </div>
              <div class="roadmap-grid">{render(cardField(item, label, path, ctx), item)}</div>
            </li>
          );
        })}
      </ol>
      {footer}
      <FieldIssues id={listIssuesId} issues={ctx.issues.get(kind)} list t={t} />
      {ctx.editable && (
        <button
          type="button"
          class="button button--add"
          disabled={items.length >= MAX_ITEMS[kind]}
          onClick={add}
        >
          {t(`roadmap.add_${kind}`)}
        </button>
      )}
    </>
  );
}

/** «Quitar», asked once more: a card may hold what several people wrote. */
function RemoveItem({ label, onRemove, t }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        class="button button--small button--danger"
        aria-label={t("roadmap.remove_named", { item: label })}
        onClick={() => setAsking(true)}
      >
        {t("roadmap.remove")}
      </button>
    );
  }
  return (
    <div class="roadmap-confirm" role="group" aria-label={t("roadmap.remove_named", { item: label })}>
      <span>{t("roadmap.remove_confirm", { item: label })}</span>
      <button type="button" class="button button--small button--danger" onClick={onRemove}>
        {t("roadmap.remove_yes")}
      </button>
      <button type="button" class="button button--small" onClick={() => setAsking(false)}>
        {t("roadmap.remove_no")}
      </button>
    </div>
  );
}
