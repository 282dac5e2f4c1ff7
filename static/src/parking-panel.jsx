// «Estacionamiento»: topics out of the current step, parked for later. Anyone
// parks one; the facilitator keeps it (it goes to the minutes) or dismisses
// it with a reason. Everyone sees the list and what became of each topic.

import { useState } from "preact/hooks";
import { useModerationAction } from "./use-moderation.js";
import { decideTopic, parkTopic } from "./moderation-api.js";

const TOPIC_MAX = 300;

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {boolean} props.isFacilitator
 * @param {import("./use-moderation.js").ModerationState} props.moderation
 * @param {(key: string, params?: object) => string} props.t
 */
export function ParkingPanel({ workshopId, isFacilitator, moderation, t }) {
  const [text, setText] = useState("");
  const [reasons, setReasons] = useState({});
  const { busy, error, act } = useModerationAction(moderation, t);
  const { view } = moderation;
  if (!view) return null;


  return (
    <section class="parking-panel" aria-labelledby="parking-heading">
      <h2 id="parking-heading">{t("parking.title")}</h2>
      <p class="field-hint">{t("parking.hint")}</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await act((o) => parkTopic(workshopId, text, o))) setText("");
        }}
      >
        <label class="field">
          <span>{t("parking.new")}</span>
          <input type="text" maxLength={TOPIC_MAX} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--small" disabled={busy || !text.trim()}>
          {t("parking.park")}
        </button>
      </form>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      {view.parking.length > 0 && (
        <ul class="parking-list">
          {view.parking.map((topic) => (
            <li class={`parking-topic parking-topic--${topic.status}`} key={topic.id}>
              <p>
                {topic.text}{" "}
                <span class="parking-topic__meta">
                  · {topic.name} ({t(`sector.${topic.sector}`)}) · {t(`parking.status.${topic.status}`)}
                  {topic.reason && <> · {topic.reason}</>}
                </span>
              </p>
              {isFacilitator && topic.status === "proposed" && (
                <div class="moderation-panel__row">
                  <button
                    type="button"
                    class="button button--small"
                    disabled={busy}
                    onClick={() => act((o) => decideTopic(workshopId, topic.id, "kept", "", topic.status, o))}
                  >
                    {t("parking.keep")}
                  </button>
                  <label class="field field--inline">
                    <span class="visually-hidden">{t("parking.reason")}</span>
                    <input
                      type="text"
                      maxLength={300}
                      placeholder={t("parking.reason")}
                      value={reasons[topic.id] || ""}
                      onInput={(e) => setReasons({ ...reasons, [topic.id]: e.currentTarget.value })}
                    />
                  </label>
                  <button
                    type="button"
                    class="button button--small"
                    disabled={busy || !(reasons[topic.id] || "").trim()}
                    onClick={() => act((o) => decideTopic(workshopId, topic.id, "dismissed", reasons[topic.id], topic.status, o))}
                  >
                    {t("parking.dismiss")}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
