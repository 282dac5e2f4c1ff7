// "Quién está aquí": people from the awareness states that carry a `user`
// (the server rewrites that field from the session), one entry per person
// even with several tabs open, grouped by sector.

import { AWARENESS_USER } from "./document-schema.js";

/**
 * @typedef {object} Person
 * @property {string} id
 * @property {string} name
 * @property {string} sector
 * @property {string} role "facilitator" | "participant" | "observer"
 * @property {string[]} editing node ids this person has a field focused in
 */

/**
 * De-duplicates the awareness states by `user.id`.
 * @param {Map<number, Record<string, any>>} states
 * @returns {Person[]} sorted by name
 */
export const listPeople = (states) => {
  /** @type {Map<string, Person>} */
  const people = new Map();
  for (const state of states.values()) {
    const user = state && state[AWARENESS_USER];
    if (!user || typeof user !== "object" || user.id === undefined || user.id === null) continue;
    const id = String(user.id);
    let person = people.get(id);
    if (!person) {
      person = {
        id,
        name: typeof user.name === "string" && user.name.trim() ? user.name : "?",
        sector: typeof user.sector === "string" ? user.sector : "",
        role: typeof user.role === "string" ? user.role : "participant",
        editing: [],
      };
      people.set(id, person);
    }
    if (typeof state.editing === "string" && !person.editing.includes(state.editing)) {
      person.editing.push(state.editing);
    }
  }
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
};

/**
 * Groups people for display: the facilitators apart (they have voice but no
 * vote), then each sector in the given order, then unknown sectors.
 * @param {Person[]} people
 * @param {Array<{id: string, label: string}>} sectors
 * @returns {{facilitators: Person[], groups: Array<{id: string, label: string, people: Person[]}>}}
 */
export const groupPeople = (people, sectors) => {
  const facilitators = people.filter((person) => person.role === "facilitator");
  const others = people.filter((person) => person.role !== "facilitator");
  const known = new Set(sectors.map((sector) => sector.id));
  const groups = sectors
    .map((sector) => ({ id: sector.id, label: sector.label, people: others.filter((p) => p.sector === sector.id) }))
    .filter((group) => group.people.length > 0);
  const unknown = others.filter((person) => !known.has(person.sector));
  if (unknown.length > 0) groups.push({ id: "", label: "", people: unknown });
  return { facilitators, groups };
};

/**
 * Who is editing which node, without `myId`.
 * @param {Person[]} people
 * @param {string} myId
 * @returns {Map<string, Person[]>}
 */
export const editorsByNode = (people, myId) => {
  const result = new Map();
  for (const person of people) {
    if (person.id === String(myId)) continue;
    for (const nodeId of person.editing) {
      if (!result.has(nodeId)) result.set(nodeId, []);
      result.get(nodeId).push(person);
    }
  }
  return result;
};
