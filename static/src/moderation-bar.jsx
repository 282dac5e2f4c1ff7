// What everyone in the room sees of the moderation, above the content: the
// timer (the same second on every page), who has the floor, and for those
// who may speak, «Pedir la palabra» with their place in line.

import { useState } from "preact/hooks";
import { lowerHand, raiseHand } from "./moderation-api.js";
import { currentStep, formatClock, myPlace, timerRemaining, timerStage } from "./moderation-model.js";
import { useSoundSetting, useTimerSound } from "./timer-sound.js";
import { useModerationAction, useNow } from "./use-moderation.js";

export const SPEECH_KINDS = ["contribution", "reply", "point_of_order"];

/**
 * The countdown, or nothing without a timer. It sounds at 30 s and at zero
 * where this device has the sound on (the display by default; `soundByDefault`).
 * @param {{timer: any, offset: number, t: Function, large?: boolean, soundByDefault?: boolean}} props
 */
export function TimerClock({ timer, offset, t, large = false, soundByDefault = false }) {
  const now = useNow(Boolean(timer && timer.running));
  const remaining = timerRemaining(timer, now, offset);
  const stage = timerStage(remaining);
  const [sound, setSound] = useSoundSetting(soundByDefault);
  useTimerSound(stage, sound);
  if (remaining === null) return null;
  return (
    <p class={`timer timer--${stage}${large ? " timer--large" : ""}`}>
      <span class="timer__label">{timer.label || t("moderation.timer")}</span>{" "}
      <strong class="timer__clock" role="timer" aria-label={t("moderation.timer_left", { time: formatClock(remaining) })}>
        {formatClock(remaining)}
      </strong>
      {!timer.running && <span class="timer__note"> {t("moderation.paused")}</span>}
      {stage === "done" && (
        <span class="timer__note" role="status">
          {" "}
          {t("moderation.time_up")}
        </span>
      )}{" "}
      <label class="timer__sound">
        <input type="checkbox" checked={sound} onChange={(event) => setSound(event.currentTarget.checked)} />{" "}
        {t("moderation.sound")}
      </label>
    </p>
  );
}

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {{participant_id: string, role: string}} props.me
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {{away: boolean, back: () => void}} [props.follow] this page stepped away from where the facilitator brought the room
 * @param {(key: string, params?: object) => string} props.t
 */
export function ModerationBar({ workshopId, me, moderation, follow, t }) {
  const [kind, setKind] = useState("contribution");
  const { busy, error, act } = useModerationAction(moderation, t);
  const { view, offset } = moderation;
  const now = useNow(Boolean(view && view.agenda.current));
  if (!view) return null;
  const { speakers, timer } = view;
  const place = myPlace(speakers, me.participant_id);
  const mayQueue = me.role === "participant" || (me.role === "observer" && speakers.allow_observers);
  const current = speakers.current;
  const step = currentStep(view.agenda, view.server_time, now, offset);
  const away = Boolean(follow && follow.away);
  if (!timer && !current && !mayQueue && !step && !away) return null;


  return (
    <section class="moderation-bar" aria-label={t("moderation.bar")}>
      {away && (
        <button type="button" class="button button--small moderation-bar__back" onClick={follow.back}>
          {t("follow.back")}
        </button>
      )}
      {step && (
        <p class={`moderation-bar__step${step.over ? " moderation-bar__step--over" : ""}`}>
          {t("agenda.current", { title: step.title, actual: step.actual_minutes, planned: step.planned_minutes })}
        </p>
      )}
      <TimerClock timer={timer} offset={offset} t={t} />
      {current && (
        <p class="moderation-bar__current">
          {t("moderation.has_floor", { name: current.name, sector: t(`sector.${current.sector}`) })}
        </p>
      )}
      {mayQueue && (
        <div class="moderation-bar__hand">
          {place.speaking && <p class="moderation-bar__mine">{t("moderation.you_have_floor")}</p>}
          {!place.speaking && place.position > 0 && (
            <>
              <p class="moderation-bar__mine" role="status">
                {t("moderation.your_place", { n: place.position, kind: t(`moderation.kind.${place.kind}`) })}
              </p>
              <button
                type="button"
                class="button button--small"
                disabled={busy}
                onClick={() => act((o) => lowerHand(workshopId, o))}
              >
                {t("moderation.lower_hand")}
              </button>
            </>
          )}
          {!place.speaking && place.position === 0 && speakers.closed && (
            <p class="moderation-bar__mine">{t("moderation.list_closed")}</p>
          )}
          {!place.speaking && place.position === 0 && !speakers.closed && (
            <>
              <label class="moderation-bar__kind">
                <span class="visually-hidden">{t("moderation.kind_label")}</span>
                <select value={kind} onChange={(event) => setKind(event.currentTarget.value)}>
                  {SPEECH_KINDS.map((k) => (
                    <option value={k} key={k}>
                      {t(`moderation.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                class="button button--small"
                disabled={busy}
                onClick={() => act((o) => raiseHand(workshopId, kind, o))}
              >
                {t("moderation.raise_hand")}
              </button>
            </>
          )}
        </div>
      )}
      {error && (
        <p class="form-message form-message--error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
