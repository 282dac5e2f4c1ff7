// "Quién está aquí": people present, grouped by sector with counts.

import { groupPeople } from "./presence.js";

/**
 * @param {object} props
 * @param {import("./presence.js").Person[]} props.people
 * @param {Array<{id: string, label: string}>} props.sectors
 * @param {string} props.myId
 * @param {(key: string, params?: object) => string} props.t
 * @param {(person: import("./presence.js").Person) => void} [props.onRevoke]
 *   given to the facilitator: a button beside everyone else revokes their access
 */
export function PresencePanel({ people, sectors, myId, t, onRevoke }) {
  const { facilitators, groups } = groupPeople(people, sectors);
  const participants = people.length - facilitators.length;
  const nameOf = (person) => (
    <li key={person.id} class={`person person--${person.role}`}>
      <span class="person-name">{person.name}</span>
      {person.id === String(myId) && <span class="person-tag"> {t("presence.me")}</span>}
      {person.role === "observer" && <span class="person-tag person-tag--observer"> {t("presence.observer")}</span>}
      {person.editing.length > 0 && <span class="person-tag"> {t("presence.typing")}</span>}
      {onRevoke && person.id !== String(myId) && (
        <button
          type="button"
          class="person-revoke"
          aria-label={t("session.revoke_label", { name: person.name })}
          onClick={() => onRevoke(person)}
        >
          {t("session.revoke")}
        </button>
      )}
    </li>
  );
  return (
    <section class="presence" aria-labelledby="presence-heading">
      <h2 id="presence-heading">
        {t("presence.title")} <span class="count">({people.length})</span>
      </h2>
      {people.length === 0 && <p class="tree-empty">{t("presence.nobody")}</p>}
      {facilitators.length > 0 && (
        <div class="presence-group presence-group--facilitator">
          <h3>
            {t("presence.facilitation")} <span class="count">({facilitators.length})</span>
          </h3>
          <p class="presence-note">{t("presence.facilitator_note")}</p>
          <ul>{facilitators.map(nameOf)}</ul>
        </div>
      )}
      {participants > 0 && <p class="presence-summary">{t("presence.participants", { count: participants })}</p>}
      {groups.map((group) => (
        <div class="presence-group" key={group.id || "other"}>
          <h3>
            {group.label || t("presence.other_sector")} <span class="count">({group.people.length})</span>
          </h3>
          <ul>{group.people.map(nameOf)}</ul>
        </div>
      ))}
    </section>
  );
}
