// The plan's history, from its audit log (GET /api/plans/{id}/events): who
// changed what and when, newest first, each change under the editor link
// that made it. Read again after every change the page makes (`version`).

import { useEffect, useState } from "preact/hooks";
import { getPlanEvents } from "./plan-api.js";
import { historyLine } from "./plan-model.js";

/** How many changes show before «Ver todo el historial». */
const HISTORY_SHOWN = 8;

/**
 * @param {object} props
 * @param {string} props.planId
 * @param {number} props.version grows after every change the server accepted
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function PlanHistory({ planId, version, lang, t }) {
  const [events, setEvents] = useState(null);
  const [error, setError] = useState("");
  const [all, setAll] = useState(false);

  useEffect(() => {
    let live = true;
    getPlanEvents(planId, { networkMessage: t("error.network") })
      .then((answer) => {
        if (!live) return;
        setEvents(Array.isArray(answer && answer.events) ? [...answer.events].reverse() : []);
        setError("");
      })
      .catch((err) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [planId, version]);

  const shown = events && !all ? events.slice(0, HISTORY_SHOWN) : events || [];
  return (
    <section class="card plan-history" aria-labelledby="plan-history-title">
      <h2 id="plan-history-title">{t("plan.history_title")}</h2>
      <p class="field-hint">{t("plan.history_hint")}</p>
      {error && (
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
      {events === null && !error && <p role="status">{t("plan.loading")}</p>}
      <ol class="plan-history-list">
        {shown.map((event) => {
          const line = historyLine(event, lang, t);
          return (
            <li key={event.seq} class="plan-history-item" data-kind={event.kind}>
              <time dateTime={event.created_at}>{line.when}</time> <span>{line.text}</span>{" "}
              <span class="plan-history-who">{line.who}</span>
            </li>
          );
        })}
      </ol>
      {events && events.length > HISTORY_SHOWN && !all && (
        <button type="button" class="button button--small" onClick={() => setAll(true)}>
          {t("plan.history_all", { n: events.length })}
        </button>
      )}
    </section>
  );
}
