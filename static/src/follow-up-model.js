// The follow-up's pure rules as the browser needs them (docs/follow-up.md;
// the server's are workshops/follow_up.py): which statuses a reporter may
// report from each one, what waits for the organismo garante, evidence
// limits checked before sending, and the review's request.

/** What a reporter may move an activity to, from each status (workshops/follow_up.py REPORT_MOVES). */
const REPORT_MOVES = {
  sin_iniciar: ["iniciada", "por_verificar"],
  iniciada: ["iniciada", "por_verificar"],
  devuelta: ["iniciada", "por_verificar"],
  por_verificar: ["por_verificar"],
  verificada: [],
};

export const STATUSES = ["sin_iniciar", "iniciada", "por_verificar", "verificada", "devuelta"];
export const REVIEW_KINDS = ["seguimiento_semestral", "evaluacion_final"];
export const COMPLETIONS = ["no_iniciado", "limitado", "sustancial", "completo"];
export const OPENED_GOVERNMENT = ["empeoro", "no_cambio", "marginal", "mayor", "sobresaliente"];
export const REPORTER_ROLES = ["responsable", "corresponsable"];
/** server/evidence.py MAX_FILE_BYTES and MAX_FILES. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 3;

/**
 * @param {string} status the activity's status now
 * @returns {string[]} the statuses a report may give it (none: verified)
 */
export const reportStatuses = (status) => [...(REPORT_MOVES[status] || [])];

/**
 * The activities reported as done and waiting for the verifier, in the plan's order.
 * @param {Array<{id: string, activities: Array<{status: string}>}>|undefined} commitments
 */
export const awaitingVerification = (commitments) =>
  (commitments || []).flatMap((commitment) =>
    (commitment.activities || [])
      .filter((activity) => activity.status === "por_verificar")
      .map((activity) => ({ commitment, activity })),
  );

/** @param {string} text one link a line */
export const linksFromText = (text) =>
  String(text || "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * Why the chosen files cannot be sent (a message key and its params), or null.
 * @param {Array<{name: string, size: number}>} files
 */
export const evidenceFileProblem = (files) => {
  const list = [...(files || [])];
  if (list.length > EVIDENCE_MAX_FILES) return { key: "tracking.too_many_files", params: { max: EVIDENCE_MAX_FILES } };
  const big = list.find((file) => file.size > EVIDENCE_MAX_BYTES);
  if (big) return { key: "tracking.file_too_large", params: { name: big.name, mb: EVIDENCE_MAX_BYTES / 1024 / 1024 } };
  return null;
};

/** @param {number} bytes */
export const formatBytes = (bytes) => {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
};

/** @param {Array<{kind: string}>|undefined} reviews the recorded ones */
export const missingReviewKinds = (reviews) => {
  const done = new Set((reviews || []).map((review) => review.kind));
  return REVIEW_KINDS.filter((kind) => !done.has(kind));
};

/**
 * A blank review of every commitment, of the first kind not yet recorded.
 * @param {Array<{id: string}>} commitments
 * @param {Array<{kind: string}>} reviews
 */
export const newReviewForm = (commitments, reviews) => ({
  kind: missingReviewKinds(reviews)[0] || REVIEW_KINDS[0],
  commitments: Object.fromEntries(
    (commitments || []).map((c) => [
      c.id,
      { completion: "no_iniciado", opened_government: "no_cambio", quality: "", relevance: "", notes: "" },
    ]),
  ),
});

/** POST /api/plans/{id}/reviews's body from the form. */
export const reviewRequest = (form, commitments) => ({
  kind: form.kind,
  commitments: (commitments || []).map((c) => {
    const rated = form.commitments[c.id];
    return {
      commitment_id: c.id,
      completion: rated.completion,
      opened_government: rated.opened_government,
      quality: rated.quality.trim(),
      relevance: rated.relevance.trim(),
      notes: rated.notes.trim(),
    };
  }),
});

/** @param {string} role responsable | corresponsable | verificador | editor */
export const roleOfLink = (role) => `tracking.role_${role}`;

/** The page where a link's holder (or the editor) follows the plan. */
export const followUpPageUrl = (planId) => `/planes/${encodeURIComponent(planId)}/seguimiento`;
