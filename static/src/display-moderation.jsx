// What the room's display (projector) shows of the moderation, large enough
// to read from the back of the room: in its header band the step in course
// and the timer (with sound by default); in its side column who has the
// floor, the next three in line, and the time spoken by each sector.

import { TimerClock } from "./moderation-bar.jsx";
import { currentStep, formatDuration } from "./moderation-model.js";
import { useNow } from "./use-moderation.js";

const NEXT_SHOWN = 3;

/**
 * The step in course and the timer.
 * @param {object} props
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {(key: string, params?: object) => string} props.t
 */
export function DisplayClock({ moderation, t }) {
  const { view, offset } = moderation;
  const now = useNow(Boolean(view && view.agenda.current));
  if (!view) return null;
  const step = currentStep(view.agenda, view.server_time, now, offset);
  return (
    <div class="screen-clock">
      {step && (
        <p class={`display-moderation__step${step.over ? " moderation-bar__step--over" : ""}`}>
          {t("agenda.current", { title: step.title, actual: step.actual_minutes, planned: step.planned_minutes })}
        </p>
      )}
      <TimerClock timer={view.timer} offset={offset} t={t} large soundByDefault />
    </div>
  );
}

/**
 * Whether the side column has anything to show.
 * @param {import("./use-moderation.js").ModerationState} moderation
 * @returns {boolean}
 */
export const hasSpeakers = (moderation) => {
  const speakers = moderation.view && moderation.view.speakers;
  return Boolean(speakers && (speakers.current || speakers.waiting.length > 0 || speakers.by_sector.length > 0));
};

/**
 * Who has the floor, who follows, and the time spoken by sector.
 * @param {object} props
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {(key: string, params?: object) => string} props.t
 */
export function DisplaySpeakers({ moderation, t }) {
  if (!hasSpeakers(moderation)) return null;
  const { speakers } = moderation.view;
  const next = speakers.waiting.slice(0, NEXT_SHOWN);
  const more = speakers.waiting.length - next.length;
  return (
    <section class="display-moderation" aria-label={t("moderation.bar")}>
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
                <span class="display-moderation__name">{entry.name}</span>{" "}
                <span class="display-moderation__sector">
                  {t(`sector.${entry.sector}`)}
                  {entry.kind !== "contribution" && <> · {t(`moderation.kind.${entry.kind}`)}</>}
                </span>
              </li>
            ))}
          </ol>
          {more > 0 && <p class="display-moderation__more">{t("display.more_waiting", { n: more })}</p>}
        </>
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
