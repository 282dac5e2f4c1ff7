// «Turnos y tiempo», the facilitator's side of the moderation: bring everyone
// to a view, show the join code on the displays; start, pause
// and stop the timer; give the floor (next in line or a chosen person), end a
// speech, move people in line; close the list, balance it by sector, let
// observers ask, limit each speech; and time spoken by sector so far.

import { useState } from "preact/hooks";
import { useModerationAction } from "./use-moderation.js";
import {
  bringEveryone,
  changeTimer,
  giveFloor,
  reorderSpeakers,
  setSpeakerRules,
  showJoinCode,
  startTimer,
  stopSpeech,
  stopTimer,
} from "./moderation-api.js";
import { AgendaPanel } from "./agenda-panel.jsx";
import { TimerClock } from "./moderation-bar.jsx";
import { formatDuration, movedOrder } from "./moderation-model.js";
import "./room-kit.js";

const PRESET_MINUTES = [1, 3, 5, 10];
const LIMIT_CHOICES = [0, 60, 120, 180, 300];
const TIMER_MAX_MINUTES = 240;

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {Array<{id: string, label: string}>} props.phases
 * @param {string|null} props.tab the tab the facilitator has open (null: the tree)
 * @param {(key: string, params?: object) => string} props.t
 */
export function ModerationPanel({ workshopId, moderation, phases, tab, t }) {
  const { busy, error, act } = useModerationAction(moderation, t);
  const [minutes, setMinutes] = useState("5");
  const [label, setLabel] = useState("");
  const { view, offset } = moderation;
  if (!view) {
    return moderation.error ? (
      <p class="form-message form-message--error" role="alert">
        {moderation.error}
      </p>
    ) : null;
  }
  const { timer, speakers } = view;

  const start = (mins) => act((o) => startTimer(workshopId, Math.round(mins * 60), label, o));
  const custom = Number(minutes);
  const customValid = Number.isFinite(custom) && custom > 0 && custom <= TIMER_MAX_MINUTES;

  return (
    <section class="moderation-panel" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t("moderation.title")}</h2>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>

      <div class="moderation-panel__row">
        <button
          type="button"
          class="button button--small"
          disabled={busy}
          onClick={() => act((o) => bringEveryone(workshopId, tab || "tree", o))}
        >
          {t("follow.bring", { view: tab ? t(`stage.tab_${tab}`) : t("stage.tab_tree") })}
        </button>
        <button
          type="button"
          class="button button--small"
          aria-pressed={view.join_shown ? "true" : "false"}
          disabled={busy}
          onClick={() => act((o) => showJoinCode(workshopId, !view.join_shown, o))}
        >
          {t("follow.join")}
        </button>
      </div>

      <AgendaPanel workshopId={workshopId} moderation={moderation} phases={phases} t={t} />

      <h3>{t("moderation.timer")}</h3>
      <TimerClock timer={timer} offset={offset} t={t} />
      <div class="moderation-panel__row">
        {timer && (
          <>
            <button
              type="button"
              class="button button--small"
              disabled={busy}
              onClick={() => act((o) => changeTimer(workshopId, timer.running ? "pause" : "resume", 0, o))}
            >
              {timer.running ? t("moderation.pause") : t("moderation.resume")}
            </button>
            <button
              type="button"
              class="button button--small"
              disabled={busy}
              onClick={() => act((o) => changeTimer(workshopId, "add", 60, o))}
            >
              {t("moderation.add_minute")}
            </button>
            <button type="button" class="button button--small" disabled={busy} onClick={() => act((o) => stopTimer(workshopId, o))}>
              {t("moderation.stop_timer")}
            </button>
          </>
        )}
      </div>
      <label class="field">
        <span>{t("moderation.timer_label")}</span>
        <input type="text" maxLength={120} value={label} onInput={(event) => setLabel(event.currentTarget.value)} />
      </label>
      <div class="moderation-panel__row" role="group" aria-label={t("moderation.start_preset")}>
        {PRESET_MINUTES.map((m) => (
          <button type="button" class="button button--small" disabled={busy} key={m} onClick={() => start(m)}>
            {t("moderation.minutes", { n: m })}
          </button>
        ))}
      </div>
      <form
        class="moderation-panel__row"
        onSubmit={(event) => {
          event.preventDefault();
          if (customValid) start(custom);
        }}
      >
        <label class="field field--inline">
          <span>{t("moderation.custom_minutes")}</span>
          <input
            type="number"
            min="1"
            max={TIMER_MAX_MINUTES}
            step="1"
            value={minutes}
            onInput={(event) => setMinutes(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button button--small" disabled={busy || !customValid}>
          {t("moderation.start")}
        </button>
      </form>

      <h3>{t("moderation.speakers")}</h3>
      {speakers.current ? (
        <div class="moderation-panel__row">
          <p>
            {t("moderation.has_floor", {
              name: speakers.current.name,
              sector: t(`sector.${speakers.current.sector}`),
            })}
          </p>
          <button type="button" class="button button--small" disabled={busy} onClick={() => act((o) => stopSpeech(workshopId, o))}>
            {t("moderation.end_speech")}
          </button>
        </div>
      ) : (
        <p>{t("moderation.nobody_speaking")}</p>
      )}
      <button
        type="button"
        class="button"
        disabled={busy || speakers.waiting.length === 0}
        onClick={() => act((o) => giveFloor(workshopId, null, o))}
      >
        {t("moderation.next")}
      </button>
      {speakers.waiting.length === 0 ? (
        <p>{t("moderation.nobody_waiting")}</p>
      ) : (
        <ol class="speaker-list">
          {speakers.waiting.map((entry, index) => (
            <li class="speaker-list__item" key={entry.participant_id}>
              <span class="speaker-list__who">
                <strong>{entry.name}</strong> · {t(`sector.${entry.sector}`)}
                {entry.kind !== "contribution" && <> · {t(`moderation.kind.${entry.kind}`)}</>}
                <span class="speaker-list__spoken"> · {t("moderation.spoken", { time: formatDuration(entry.spoken_seconds) })}</span>
              </span>
              <span class="speaker-list__actions">
                <button
                  type="button"
                  class="button button--small"
                  disabled={busy}
                  onClick={() => act((o) => giveFloor(workshopId, entry.participant_id, o))}
                  aria-label={t("moderation.give_to", { name: entry.name })}
                >
                  {t("moderation.give")}
                </button>
                <button
                  type="button"
                  class="button button--small"
                  disabled={busy || index === 0}
                  aria-label={t("moderation.move_up", { name: entry.name })}
                  onClick={() => act((o) => reorderSpeakers(workshopId, movedOrder(speakers.waiting, entry.participant_id, -1), o))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="button button--small"
                  disabled={busy || index === speakers.waiting.length - 1}
                  aria-label={t("moderation.move_down", { name: entry.name })}
                  onClick={() => act((o) => reorderSpeakers(workshopId, movedOrder(speakers.waiting, entry.participant_id, 1), o))}
                >
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}

      <fieldset class="moderation-panel__rules">
        <legend>{t("moderation.rules")}</legend>
        {["closed", "balance_by_sector", "allow_observers"].map((rule) => (
          <label class="moderation-rule" key={rule}>
            <input
              type="checkbox"
              checked={speakers[rule]}
              disabled={busy}
              onChange={(event) => act((o) => setSpeakerRules(workshopId, { [rule]: event.currentTarget.checked }, o))}
            />
            <span>{t(`moderation.rule.${rule}`)}</span>
          </label>
        ))}
        <label class="field field--inline">
          <span>{t("moderation.rule.speech_limit")}</span>
          <select
            value={String(speakers.speech_limit_seconds || 0)}
            disabled={busy}
            onChange={(event) => {
              const seconds = Number(event.currentTarget.value);
              act((o) => setSpeakerRules(workshopId, { speech_limit_seconds: seconds || null }, o));
            }}
          >
            {LIMIT_CHOICES.map((s) => (
              <option value={String(s)} key={s}>
                {s ? t("moderation.minutes", { n: s / 60 }) : t("moderation.no_limit")}
              </option>
            ))}
          </select>
        </label>
      </fieldset>

      <h3>{t("moderation.by_sector")}</h3>
      {speakers.by_sector.length === 0 ? (
        <p>{t("moderation.nobody_spoke")}</p>
      ) : (
        <table class="moderation-panel__sectors">
          <thead>
            <tr>
              <th scope="col">{t("moderation.sector")}</th>
              <th scope="col">{t("moderation.turns")}</th>
              <th scope="col">{t("moderation.time")}</th>
            </tr>
          </thead>
          <tbody>
            {speakers.by_sector.map((row) => (
              <tr key={row.sector}>
                <th scope="row">{t(`sector.${row.sector}`)}</th>
                <td>{row.turns}</td>
                <td>{formatDuration(row.seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
