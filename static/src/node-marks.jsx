// Small marks on an idea, the same in every view: the badge of the checks that
// concern it (errors ✖, warnings ⚠), «Fuera del alcance» for a given, and
// «Fusionado de: …» listing the ideas the facilitator merged into it, with
// their authors. Texts only: everything shown here is plain text.

/**
 * @param {object} props
 * @param {{errors: number, warnings: number, messages: string[]}|undefined} props.flags
 * @param {(key: string, params?: object) => string} props.t
 */
export function CheckBadge({ flags, t }) {
  if (!flags || (flags.errors === 0 && flags.warnings === 0)) return null;
  const count = (key, n) => (n === 1 ? t(`${key}_one`) : t(`${key}_other`, { count: n }));
  const parts = [];
  if (flags.errors) parts.push(count("checks.errors", flags.errors));
  if (flags.warnings) parts.push(count("checks.warnings", flags.warnings));
  const label = t("checks.badge", { what: parts.join(", ") });
  return (
    <span
      class={`check-badge ${flags.errors ? "check-badge--error" : "check-badge--warning"}`}
      title={flags.messages.join("\n")}
      data-check-badge=""
    >
      <span aria-hidden="true">
        {flags.errors ? `✖ ${flags.errors}` : ""}
        {flags.errors && flags.warnings ? " " : ""}
        {flags.warnings ? `⚠ ${flags.warnings}` : ""}
      </span>
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

/**
 * «Fusionado de: …»: in full under an outline item or an objective; as a
 * disclosure on a graph box (`compact`), whose size the layout fixes.
 * @param {object} props
 * @param {import("./tree-model.js").MergedRecord[]} props.records
 * @param {Map<string, string>} props.names
 * @param {string} props.myId
 * @param {(key: string, params?: object) => string} props.t
 * @param {boolean} [props.compact]
 */
export function MergedFrom({ records, names, myId, t, compact = false }) {
  if (!records || records.length === 0) return null;
  const author = (id) => (id === myId ? t("tree.author_me") : (id && names.get(id)) || t("merge.unknown_author"));
  const list = (
    <ul class="merged-list">
      {records.map((record) => (
        <li key={record.id}>
          <span class="merged-text">«{record.text || t("tree.no_text")}»</span>{" "}
          <span class="merged-author">({t("tree.author", { name: author(record.createdBy) })})</span>
        </li>
      ))}
    </ul>
  );
  if (compact)
    return (
      <details class="merged-from merged-from--compact">
        <summary>{t("merge.from_count", { count: records.length })}</summary>
        <p class="merged-title">{t("merge.from")}</p>
        {list}
      </details>
    );
  return (
    <div class="merged-from">
      <p class="merged-title">{t("merge.from")}</p>
      {list}
    </div>
  );
}
