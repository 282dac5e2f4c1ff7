// What the room's display (projector) shows of the moderation, large enough
// to read from the back of the room: the step in course, the timer (with
// sound by default), who has the floor, the next three in line, and the time
// spoken by each sector.

import { TimerClock } from "./moderation-bar.jsx";
import { currentStep, formatDuration } from "./moderation-model.js";
import { useNow } from "./use-moderation.js";

const NEXT_SHOWN = 3;

/**
 * @param {object} props
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {(key: string, params?: object) => string} props.t
 */
export function DisplayModeration({ moderation, t }) {
  const { view, offset } = moderation;
  const now = useNow(Boolean(view && view.agenda.current));
  if (!view) return null;
  const { speakers, timer } = view;
  const step = currentStep(view.agenda, view.server_time, now, offset);
  const next = speakers.waiting.slice(0, NEXT_SHOWN);
  const anything = step || timer || speakers.current || next.length > 0 || speakers.by_sector.length > 0;
  if (!anything) return null;
  return (
    <section class="display-moderation" aria-label={t("moderation.bar")}>
      {step && (
        <p class={`display-moderation__step${step.over ? " moderation-bar__step--over" : ""}`}>
          {t("agenda.current", { title: step.title, actual: step.actual_minutes, planned: step.planned_minutes })}
        </p>
      )}
      <TimerClock timer={timer} offset={offset} t={t} large soundByDefault />
      {(speakers.current || next.length > 0) && (
        <div class="display-moderation__speakers">
          {speakers.current && (
            <p class="display-moderation__current">
              {t("moderation.has_floor", {
                name: speakers.current.name,
                sector: t(`sector.${speakers.current.sector}`),
              })}
            </p>
          )}
          {next.length > 0 && (
            <>
              <p class="display-moderation__next-title">{t("moderation.next_up")}</p>
              <ol class="display-moderation__next">
                {next.map((entry) => (
                  <li key={entry.participant_id}>
                    {entry.name} · {t(`sector.${entry.sector}`)}
                    {entry.kind !== "contribution" && <> · {t(`moderation.kind.${entry.kind}`)}</>}
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
      {speakers.by_sector.length > 0 && (
        <table class="display-moderation__sectors">
          <caption>{t("moderation.by_sector")}</caption>
          <tbody>
            {speakers.by_sector.map((row) => (
              <tr key={row.sector}>
                <th scope="row">{t(`sector.${row.sector}`)}</th>
                <td>{row.turns === 1 ? t("moderation.turns_one") : t("moderation.turns_n", { n: row.turns })}</td>
                <td>{formatDuration(row.seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
