// The Plan de Acción in the browser, without the DOM: its vocabulary as the
// server names it (workshops/plan.py), the details form and the request it
// becomes, moving a commitment in the order, the plan's issues grouped by
// where they point, and the addresses of its exports (docs/plans.md).

import { formatMexicoTime } from "./i18n.js";

export const PLAN_TYPES = ["local", "municipal"];
export const ORIGIN_CO_CREADO = "co_creado";
export const ORIGIN_PROACTIVO = "proactivo";
/** How a commitment reached the plan; a mesa's commitment is co-created. */
export const ORIGINS = [ORIGIN_CO_CREADO, ORIGIN_PROACTIVO];
/** Who may sit in the Secretariado Técnico: the sectors, plus the facilitation. */
export const SECRETARIAT_SECTORS = [
  "sociedad_civil",
  "servicio_publico",
  "organismo_garante",
  "academia",
  "ciudadania",
  "facilitacion",
];
/** The plan's own fields, in the order the form shows them. */
export const DETAIL_FIELDS = ["title", "entity", "type", "guarantor", "start", "end", "approved_on"];
export const MEMBER_FIELDS = ["name", "organization", "sector"];
/** Every format a plan or a workshop exports as, in the order they are offered. */
export const EXPORT_FORMATS = ["docx", "odt", "pdf", "html", "md", "json", "csv"];
/** The formats of the OGP commitment template layout (`?layout=ogp`). */
export const OGP_FORMATS = ["docx", "html", "pdf"];
export const LAYOUT_PLAN = "plan";
export const LAYOUT_OGP = "ogp";
export const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/** The server's limit for an uploaded institution template. */
export const TEMPLATE_MAX_BYTES = 5 * 1024 * 1024;
/** Quiet time after a change before the preview is fetched again. */
export const PREVIEW_DELAY_MS = 600;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The message key of an origin («Co-creado», «Proactivo»).
 * @param {string} origin
 * @returns {string}
 */
export const originLabelKey = (origin) =>
  ORIGINS.includes(origin) ? `plan.origin_${origin}` : "plan.origin_unknown";

/**
 * The message key of a Secretariado Técnico sector (the room's sector names,
 * and the facilitation, which is not a sector people join as).
 * @param {string} sector
 * @returns {string}
 */
export const sectorLabelKey = (sector) => (sector === "facilitacion" ? "plan.sector_facilitacion" : `sector.${sector}`);

/**
 * `YYYY-MM-DD` of a local calendar date.
 * @param {Date} date
 * @returns {string}
 */
export const isoDate = (date) => {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/**
 * The default term of a plan: one year from `start`, the day before the
 * anniversary (workshops/roadmap.py `one_year_from`; 29 February ends on the
 * last day of February of the next year).
 * @param {string} start `YYYY-MM-DD`
 * @returns {string} the end, `YYYY-MM-DD`, or "" when `start` is not a date
 */
export const oneYearEnd = (start) => {
  const match = ISO_DATE.exec(start || "");
  if (!match) return "";
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leapDay = month === 2 && day === 29;
  const anniversary = leapDay ? new Date(year + 1, 2, 1) : new Date(year + 1, month - 1, day);
  anniversary.setDate(anniversary.getDate() - 1);
  return isoDate(anniversary);
};

/**
 * The form of a new plan made from a mesa: its entity, local, from today for a year.
 * @param {string} entity
 * @param {Date} today
 */
export const newPlanForm = (entity, today) => {
  const start = isoDate(today);
  return { title: "", entity: entity || "", type: "local", start, end: oneYearEnd(start) };
};

/**
 * The body of POST /api/plans from the room's small form.
 * @param {string} workshopId the mesa whose facilitator creates it
 * @param {{title: string, entity: string, type: string, start: string, end: string}} form
 */
export const newPlanRequest = (workshopId, form) => {
  const body = {
    workshop_id: workshopId,
    entity: form.entity.trim(),
    type: form.type,
    start: form.start,
    end: form.end,
  };
  if (form.title.trim()) body.title = form.title.trim();
  return body;
};

/**
 * The details form of a plan as the server sent it: every field a string
 * (`approved_on` "" when there is none) and the Secretariado Técnico's members.
 * @param {Record<string, any>} plan
 */
export const detailsForm = (plan) => {
  const source = plan && typeof plan === "object" ? plan : {};
  const form = {};
  for (const name of DETAIL_FIELDS) form[name] = typeof source[name] === "string" ? source[name] : "";
  if (!PLAN_TYPES.includes(form.type)) form.type = PLAN_TYPES[0];
  form.secretariat = (Array.isArray(source.secretariat) ? source.secretariat : []).map((member) => ({
    name: String((member && member.name) || ""),
    organization: String((member && member.organization) || ""),
    sector: SECRETARIAT_SECTORS.includes(member && member.sector) ? member.sector : SECRETARIAT_SECTORS[0],
  }));
  return form;
};

/**
 * A new, empty Secretariado Técnico member: the first sector not yet
 * represented among the three the plan requires, else civil society.
 * @param {Array<{sector: string}>} members
 */
export const newMember = (members) => {
  const present = new Set(members.map((m) => m.sector));
  const sector = SECRETARIAT_SECTORS.slice(0, 3).find((s) => !present.has(s)) || SECRETARIAT_SECTORS[0];
  return { name: "", organization: "", sector };
};

/**
 * The body of PUT /api/plans/{id}: texts trimmed, no approval date as null,
 * members with nothing typed left out (a member with anything typed is sent,
 * so the server names what is missing instead of it being lost).
 * @param {ReturnType<typeof detailsForm>} form
 * @returns {Record<string, any>}
 */
export const detailsRequest = (form) => {
  const body = {};
  for (const name of DETAIL_FIELDS) body[name] = String(form[name] || "").trim();
  body.approved_on = body.approved_on || null;
  body.secretariat = form.secretariat
    .map((m) => ({ name: m.name.trim(), organization: m.organization.trim(), sector: m.sector }))
    .filter((m) => m.name || m.organization);
  return body;
};

/**
 * Where a member of the form lands in the request (blank members are left
 * out, so a server error about `secretariat.1` may be the form's third row).
 * @param {ReturnType<typeof detailsForm>} form
 * @returns {number[]} request index → form index
 */
export const memberRequestIndex = (form) =>
  form.secretariat.flatMap((m, i) => (m.name.trim() || m.organization.trim() ? [i] : []));

/**
 * The id of the input a server error field names: `end` → `plan-end`,
 * `secretariat.1.name` → `plan-secretariat-1-name` (in form rows, see
 * `memberRequestIndex`), `secretariat.1` → its name input.
 * @param {string|null|undefined} field
 * @param {number[]} [memberIndex] from `memberRequestIndex`
 * @returns {string|null}
 */
export const fieldInputId = (field, memberIndex) => {
  if (!field) return null;
  if (DETAIL_FIELDS.includes(field)) return `plan-${field}`;
  if (field === "secretariat") return "plan-secretariat-add";
  const match = /^secretariat\.(\d+)(?:\.(\w+))?/.exec(field);
  if (!match) return null;
  const index = memberIndex ? memberIndex[Number(match[1])] : Number(match[1]);
  if (index === undefined) return "plan-secretariat-add";
  const part = MEMBER_FIELDS.includes(match[2]) ? match[2] : "name";
  return `plan-secretariat-${index}-${part}`;
};

/**
 * The commitments' ids in the plan's order.
 * @param {{commitments?: Array<{commitment: {id: string}}>}} plan
 * @returns {string[]}
 */
export const commitmentOrder = (plan) => ((plan && plan.commitments) || []).map((entry) => entry.commitment.id);

/**
 * The order with `id` moved `delta` places (−1 up, +1 down), or null when it
 * cannot move (first up, last down, unknown id).
 * @param {string[]} order
 * @param {string} id
 * @param {number} delta
 * @returns {string[]|null}
 */
export const moveInOrder = (order, id, delta) => {
  const from = order.indexOf(id);
  const to = from + delta;
  if (from < 0 || delta === 0 || to < 0 || to >= order.length) return null;
  const next = order.slice();
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
};

/**
 * What a plan entry shows: its title (the sheet's), mesa and status.
 * @param {Record<string, any>} entry one of the plan's `commitments`
 */
export const entrySummary = (entry) => {
  const commitment = (entry && entry.commitment) || {};
  const sheet = commitment.sheet || {};
  return {
    id: String(commitment.id || ""),
    workshopId: String(commitment.workshop_id || ""),
    title: typeof sheet.title === "string" ? sheet.title.trim() : "",
    status: String(commitment.status || ""),
    origin: String((entry && entry.origin) || ""),
    mesa: (entry && entry.mesa && entry.mesa.title) || "",
  };
};

/**
 * Where an issue of the plan points: the plan's details, its Secretariado
 * Técnico, one of its commitments (by position) or the list of commitments.
 * @param {string} field e.g. `approved_on`, `secretariat`, `commitments.2.roadmap.indicators.0.goal`
 * @returns {{group: string, index: number}}
 */
export const issuePlace = (field) => {
  const text = String(field || "");
  const entry = /^commitments\.(\d+)(?:\.|$)/.exec(text);
  if (entry) return { group: "commitment", index: Number(entry[1]) };
  if (text === "commitments" || text === "order") return { group: "commitments", index: -1 };
  if (text === "secretariat" || text.startsWith("secretariat.")) return { group: "secretariat", index: -1 };
  return { group: "details", index: -1 };
};

const GROUP_ORDER = ["details", "secretariat", "commitments", "commitment"];

/**
 * The plan's issues grouped by place, places in the page's order
 * (details, Secretariado Técnico, commitments, then each commitment by
 * position), errors before warnings inside a group, server order otherwise.
 * @param {Array<{field: string, severity: string, message: string, rule: string}>} issues
 * @returns {Array<{group: string, index: number, errors: number, warnings: number, issues: Array<object>}>}
 */
export const groupIssues = (issues) => {
  const groups = new Map();
  for (const issue of issues || []) {
    const place = issuePlace(issue.field);
    const key = `${place.group}:${place.index}`;
    if (!groups.has(key)) groups.set(key, { ...place, errors: 0, warnings: 0, issues: [] });
    const group = groups.get(key);
    group.issues.push(issue);
    if (issue.severity === "error") group.errors += 1;
    else group.warnings += 1;
  }
  const rank = (g) => GROUP_ORDER.indexOf(g.group) * 1e6 + g.index;
  const sorted = [...groups.values()].sort((a, b) => rank(a) - rank(b));
  for (const group of sorted) {
    group.issues = [
      ...group.issues.filter((i) => i.severity === "error"),
      ...group.issues.filter((i) => i.severity !== "error"),
    ];
  }
  return sorted;
};

/**
 * How many errors and warnings the plan has.
 * @param {Array<{severity: string}>} issues
 */
export const issueCounts = (issues) => {
  const errors = (issues || []).filter((i) => i.severity === "error").length;
  return { errors, warnings: (issues || []).length - errors };
};

const exportUrl = (base, format, layout) => {
  const url = `${base}/export/${encodeURIComponent(format)}`;
  return layout && layout !== LAYOUT_PLAN ? `${url}?layout=${encodeURIComponent(layout)}` : url;
};

/**
 * GET /api/plans/{id}/export/{format}, `?layout=ogp` for the OGP template.
 * @param {string} planId
 * @param {string} format
 * @param {string} [layout]
 */
export const planExportUrl = (planId, format, layout) =>
  exportUrl(`/api/plans/${encodeURIComponent(planId)}`, format, layout);

/**
 * GET /api/workshops/{id}/export/{format}: a mesa's commitment as a document.
 * @param {string} workshopId
 * @param {string} format
 * @param {string} [layout]
 */
export const workshopExportUrl = (workshopId, format, layout) =>
  exportUrl(`/api/workshops/${encodeURIComponent(workshopId)}`, format, layout);

/**
 * The plan's page (the editor cookie authenticates it).
 * @param {string} planId
 */
export const planPageUrl = (planId) => `/planes/${encodeURIComponent(planId)}`;

/**
 * Why a chosen file cannot be a template, before sending it: the message
 * key, or "" when it may go (the server checks its content).
 * @param {{name: string, size: number}} file
 * @returns {string}
 */
export const templateFileProblem = (file) => {
  if (!file) return "plan.template_none";
  if (!/\.docx$/i.test(file.name || "")) return "plan.template_not_docx";
  if (file.size === 0) return "plan.template_empty";
  if (file.size > TEMPLATE_MAX_BYTES) return "plan.template_too_large";
  return "";
};

/** The plan's own fields, as the history names a change of them. */
const HISTORY_FIELDS = {
  title: "plan.field_title",
  entity: "plan.field_entity",
  type: "plan.field_type",
  guarantor: "plan.field_guarantor",
  start: "plan.field_start",
  end: "plan.field_end",
  approved_on: "plan.field_approved_on",
  secretariat: "plan.secretariat_title",
};

/**
 * One entry of the plan's audit log as the history shows it.
 * @param {{kind: string, payload?: Record<string, any>, actor_id?: string|null, created_at: string}} event
 * @param {string} lang
 * @param {(key: string, params?: object) => string} t
 * @returns {{when: string, text: string, who: string}}
 */
export const historyLine = (event, lang, t) => {
  const p = (event && event.payload) || {};
  const named = typeof p.title === "string" ? p.title.trim() : "";
  const commitment = named ? t("plan.history_named", { title: named }) : t("plan.history_a_commitment");
  const origin = p.origin ? t(`plan.origin_${p.origin}`).toLowerCase() : "";
  const fields = (Array.isArray(p.fields) ? p.fields : []).map((f) => (HISTORY_FIELDS[f] ? t(HISTORY_FIELDS[f]) : f));
  const texts = {
    plan_created: () => t("plan.history_created"),
    plan_imported: () => t("plan.history_imported", { count: Number(p.commitments) || 0 }),
    plan_updated: () => t("plan.history_updated", { fields: fields.join(", ") }),
    plan_commitment_attached: () => t("plan.history_attached", { commitment, origin }),
    plan_commitment_refreshed: () => t("plan.history_refreshed", { commitment }),
    plan_commitment_origin: () => t("plan.history_origin", { commitment, origin }),
    plan_commitment_detached: () => t("plan.history_detached", { commitment }),
    plan_commitments_reordered: () => t("plan.history_reordered"),
    plan_template_uploaded: () => t("plan.history_template_uploaded", { filename: String(p.filename || "") }),
    plan_template_removed: () => t("plan.history_template_removed"),
    // The follow-up (docs/follow-up.md).
    plan_published: () => t("tracking.history_published"),
    follow_up_link_created: () => t("tracking.history_link", { role: t(`tracking.role_${p.role}`) }),
    follow_up_update: () =>
      t("tracking.history_update", { role: t(`tracking.role_${p.role}`), status: t(`tracking.status_${p.status}`) }),
    follow_up_verification: () =>
      t("tracking.history_verification", {
        role: t(`tracking.role_${p.role}`),
        status: t(`tracking.status_${p.status}`),
      }),
    follow_up_measurement: () =>
      t("tracking.history_measurement", {
        role: t(`tracking.role_${p.role}`),
        value: String(p.value ?? ""),
        period: String(p.period || ""),
      }),
    follow_up_review: () => t("tracking.history_review", { kind: t(`tracking.kind_${p.review}`) }),
  };
  const text = texts[event.kind] ? texts[event.kind]() : String(event.kind || "");
  return {
    when: formatMexicoTime(event.created_at, lang),
    text,
    who: event.actor_id ? t("plan.history_who", { editor: event.actor_id }) : "",
  };
};

/**
 * The plan's title as its documents print it: its own, else «<type> de
 * Gobierno Abierto: <entity>» (exporters/plan_view.py does the same).
 * @param {{title?: string, type?: string, entity?: string}} plan
 * @param {(key: string, params?: object) => string} t
 * @returns {string}
 */
export const planTitle = (plan, t) => {
  const own = typeof plan.title === "string" ? plan.title.trim() : "";
  if (own) return own;
  if (!plan.type || !plan.entity) return t("plan.untitled");
  return t("plan.default_title", { type: t(`plan.type_${plan.type}`), entity: plan.entity });
};
