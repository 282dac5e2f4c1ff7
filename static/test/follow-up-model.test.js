import assert from "node:assert/strict";
import { test } from "node:test";
import {
  COMPLETIONS,
  EVIDENCE_MAX_BYTES,
  OPENED_GOVERNMENT,
  REVIEW_KINDS,
  awaitingVerification,
  evidenceFileProblem,
  formatBytes,
  linksFromText,
  missingReviewKinds,
  newReviewForm,
  reportStatuses,
  reviewRequest,
  roleOfLink,
} from "../src/follow-up-model.js";

const activity = (id, status, extra = {}) => ({ id, status, description: `Actividad ${id}`, updates: [], ...extra });

test("a reporter moves an activity as the server allows, and never a verified one", () => {
  assert.deepEqual(reportStatuses("sin_iniciar"), ["iniciada", "por_verificar"]);
  assert.deepEqual(reportStatuses("iniciada"), ["iniciada", "por_verificar"]);
  assert.deepEqual(reportStatuses("devuelta"), ["iniciada", "por_verificar"]);
  assert.deepEqual(reportStatuses("por_verificar"), ["por_verificar"]);
  assert.deepEqual(reportStatuses("verificada"), []);
  assert.deepEqual(reportStatuses("unknown"), []);
});

test("what waits for verification, commitment by commitment", () => {
  const commitments = [
    { id: "k1", title: "Uno", activities: [activity("a1", "por_verificar"), activity("a2", "iniciada")] },
    { id: "k2", title: "Dos", activities: [activity("a3", "verificada"), activity("a4", "por_verificar")] },
  ];
  assert.deepEqual(
    awaitingVerification(commitments).map((item) => [item.commitment.id, item.activity.id]),
    [
      ["k1", "a1"],
      ["k2", "a4"],
    ],
  );
  assert.deepEqual(awaitingVerification([]), []);
  assert.deepEqual(awaitingVerification(undefined), []);
});

test("evidence links are one a line, trimmed, blank lines dropped", () => {
  assert.deepEqual(linksFromText(" https://a.mx/1 \n\n http://b.mx \r\n"), ["https://a.mx/1", "http://b.mx"]);
  assert.deepEqual(linksFromText(""), []);
});

test("a file over 20 MB is refused before sending; an empty list is fine", () => {
  assert.equal(EVIDENCE_MAX_BYTES, 20 * 1024 * 1024);
  assert.equal(evidenceFileProblem([{ name: "a.pdf", size: 1000 }]), null);
  assert.deepEqual(evidenceFileProblem([{ name: "big.pdf", size: EVIDENCE_MAX_BYTES + 1 }]), {
    key: "tracking.file_too_large",
    params: { name: "big.pdf", mb: 20 },
  });
  assert.deepEqual(evidenceFileProblem([1, 2, 3, 4].map((i) => ({ name: `${i}.pdf`, size: 1 }))), {
    key: "tracking.too_many_files",
    params: { max: 3 },
  });
  assert.equal(evidenceFileProblem([]), null);
});

test("sizes read as people read them", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(2048), "2.0 KB");
  assert.equal(formatBytes(3 * 1024 * 1024), "3.0 MB");
});

test("a review rates every commitment once, with the codes the server takes", () => {
  assert.deepEqual(REVIEW_KINDS, ["seguimiento_semestral", "evaluacion_final"]);
  assert.deepEqual(COMPLETIONS, ["no_iniciado", "limitado", "sustancial", "completo"]);
  assert.deepEqual(OPENED_GOVERNMENT, ["empeoro", "no_cambio", "marginal", "mayor", "sobresaliente"]);
  const form = newReviewForm([{ id: "k1" }, { id: "k2" }], []);
  assert.equal(form.kind, "seguimiento_semestral");
  form.commitments.k1.notes = "  bien ";
  assert.deepEqual(reviewRequest(form, [{ id: "k1" }, { id: "k2" }]), {
    kind: "seguimiento_semestral",
    commitments: [
      {
        commitment_id: "k1",
        completion: "no_iniciado",
        opened_government: "no_cambio",
        quality: "",
        relevance: "",
        notes: "bien",
      },
      {
        commitment_id: "k2",
        completion: "no_iniciado",
        opened_government: "no_cambio",
        quality: "",
        relevance: "",
        notes: "",
      },
    ],
  });
  // The six-month review recorded: only the final evaluation is left.
  assert.deepEqual(missingReviewKinds([{ kind: "seguimiento_semestral" }]), ["evaluacion_final"]);
  assert.equal(newReviewForm([{ id: "k1" }], [{ kind: "seguimiento_semestral" }]).kind, "evaluacion_final");
  assert.deepEqual(missingReviewKinds([{ kind: "seguimiento_semestral" }, { kind: "evaluacion_final" }]), []);
});

test("a link's role reads as its message key", () => {
  assert.equal(roleOfLink("responsable"), "tracking.role_responsable");
  assert.equal(roleOfLink("verificador"), "tracking.role_verificador");
  assert.equal(roleOfLink("editor"), "tracking.role_editor");
});
