// What keeps the plan from being published (errors) or looks unfinished
// (warnings), as the server's validate_plan says, grouped by where they
// point: the details, the Secretariado Técnico, each commitment. Each group
// has a button that takes the focus there; a long one folds all but its first.

import { entrySummary, fieldInputId, groupIssues } from "./plan-model.js";
import { localizePlanIssues } from "./roadmap-issues.js";

/** The element an issue group points to, focused by «Ir». */
const targetOf = (group, plan) => {
  if (group.group === "commitment") {
    const entry = (plan.commitments || [])[group.index];
    return entry ? `plan-c-${entrySummary(entry).id}-heading` : "plan-commitments-title";
  }
  if (group.group === "commitments") return "plan-commitments-title";
  if (group.group === "secretariat") return "plan-secretariat-add";
  const first = group.issues.map((issue) => fieldInputId(issue.field)).find(Boolean);
  return first || "plan-details-title";
};

/** A long group shows its first issues (errors come first) and folds the rest. */
const ISSUES_SHOWN = 4;

const go = (id) => {
  const element = document.getElementById(id);
  if (!element) return;
  element.scrollIntoView({ block: "center" });
  element.focus();
};

/**
 * @param {object} props
 * @param {Record<string, any>} props.plan with its `issues`
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanIssues({ plan, lang, t }) {
  const groups = groupIssues(localizePlanIssues(plan.issues || [], t, lang));
  const titleOf = (group) => {
    if (group.group !== "commitment") return t(`plan.issues_${group.group}`);
    const entry = (plan.commitments || [])[group.index];
    const title = entry ? entrySummary(entry).title : "";
    return t("plan.issues_commitment", { n: group.index + 1, title: title || t("sheet.untitled") });
  };
  return (
    <section class="card plan-issues" aria-labelledby="plan-issues-title">
      <h2 id="plan-issues-title">{t("plan.issues_title")}</h2>
      {groups.length === 0 ? (
        <p class="notice plan-issues-none">{t("plan.issues_none")}</p>
      ) : (
        <p class="field-hint">{t("plan.issues_hint")}</p>
      )}
      {groups.map((group) => {
        const heading = titleOf(group);
        return (
          <div class="plan-issue-group" key={`${group.group}:${group.index}`}>
            <div class="plan-issue-head">
              <h3>
                {heading}{" "}
                <span class="plan-issue-counts">
                  {t("plan.issue_counts", { errors: group.errors, warnings: group.warnings })}
                </span>
              </h3>
              <button
                type="button"
                class="button button--small"
                onClick={() => go(targetOf(group, plan))}
              >
                {t("plan.issue_go")}
                <span class="visually-hidden">: {heading}</span>
              </button>
            </div>
            <IssueList issues={group.issues.slice(0, ISSUES_SHOWN)} t={t} />
            {group.issues.length > ISSUES_SHOWN && (
              <details class="plan-issue-more">
                <summary>{t("plan.issues_more", { n: group.issues.length - ISSUES_SHOWN })}</summary>
                <IssueList issues={group.issues.slice(ISSUES_SHOWN)} t={t} />
              </details>
            )}
          </div>
        );
      })}
    </section>
  );
}

function IssueList({ issues, t }) {
  return (
    <ul class="plan-issue-list">
      {issues.map((issue, i) => (
        <li key={i} class={`plan-issue plan-issue--${issue.severity}`} data-rule={issue.rule}>
          <span class="plan-issue-mark" aria-hidden="true">
            {issue.severity === "error" ? "✖" : "⚠"}
          </span>
          <span class="visually-hidden">
            {issue.severity === "error" ? t("plan.issue_error") : t("plan.issue_warning")}
          </span>
          <span>{issue.message}</span>
        </li>
      ))}
    </ul>
  );
}
