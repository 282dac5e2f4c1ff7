import assert from "node:assert/strict";
import { test } from "node:test";

import { detailsChange, detailsOf, fieldOfRefusal, rebase } from "../src/mesa-details-model.js";

const workshop = { title: "Mesa de movilidd", entity: "Toluca", problem_statement: "P", date: null, place: "", phase: "x" };

test("the form starts from the workshop's details, a missing date as empty", () => {
  assert.deepEqual(detailsOf(workshop), {
    title: "Mesa de movilidd",
    entity: "Toluca",
    problem_statement: "P",
    date: "",
    place: "",
  });
});

test("only the changed fields are sent, each with the value the form started from", () => {
  const base = detailsOf(workshop);
  assert.equal(detailsChange(base, { ...base, title: " Mesa de movilidd " }), null);
  assert.deepEqual(detailsChange(base, { ...base, title: "Mesa de movilidad ", place: "Sala 2" }), {
    changes: { title: "Mesa de movilidad", place: "Sala 2" },
    base: { title: "Mesa de movilidd", place: "" },
  });
});

test("a refusal is shown at its field; a conflict rebases the fields it names only", () => {
  assert.equal(fieldOfRefusal("changes.title"), "title");
  assert.equal(fieldOfRefusal("base.date"), "date");
  assert.equal(fieldOfRefusal("place"), "place");
  assert.equal(fieldOfRefusal("body"), "");
  const base = detailsOf(workshop);
  assert.deepEqual(rebase(base, { title: "Mesa de movilidad", date: null, phase: "x" }), {
    ...base,
    title: "Mesa de movilidad",
    date: "",
  });
});
