// The timer and the list of speakers as a page shows them (docs/moderation.md):
// the server keeps the timer as an end instant in its own time; each page
// measures its clock's offset from the server's time in every answer, so all
// phones and the display count down the same second.

/** Seconds before zero when the timer warns. */
export const TIMER_WARNING_SECONDS = 30;

/**
 * The server clock minus this page's, from an answer's `server_time`, taking
 * the request's midpoint as the instant the server read its clock.
 * @param {string} serverTime ISO instant
 * @param {number} sentAt Date.now() when the request left
 * @param {number} receivedAt Date.now() when the answer arrived
 * @returns {number} milliseconds
 */
export const clockOffset = (serverTime, sentAt, receivedAt) => {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return 0;
  return server - (sentAt + receivedAt) / 2;
};

/**
 * Seconds left on the timer now (null without a timer).
 * @param {{running: boolean, ends_at: string|null, remaining_seconds: number}|null} timer
 * @param {number} now this page's Date.now()
 * @param {number} offset clockOffset()
 */
export const timerRemaining = (timer, now, offset) => {
  if (!timer) return null;
  if (!timer.running || !timer.ends_at) return Math.max(0, timer.remaining_seconds);
  return Math.max(0, (Date.parse(timer.ends_at) - (now + offset)) / 1000);
};

/**
 * «4:05», «1:02:03»: whole seconds, rounded up (a timer at 0.2 s still shows 0:01).
 * @param {number} seconds
 */
export const formatClock = (seconds) => {
  const total = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
};

/**
 * «normal», «warning» (30 s or less) or «done» (zero).
 * @param {number|null} remaining
 */
export const timerStage = (remaining) => {
  if (remaining === null) return "none";
  if (remaining <= 0) return "done";
  return remaining <= TIMER_WARNING_SECONDS ? "warning" : "normal";
};

/**
 * Where I stand: speaking now, my place in line (1-based), or neither (0).
 * @param {{current: {participant_id: string}|null, waiting: Array<{participant_id: string}>}|null} speakers
 * @param {string} myId
 */
export const myPlace = (speakers, myId) => {
  if (!speakers) return { speaking: false, position: 0, kind: null };
  const speaking = Boolean(speakers.current && speakers.current.participant_id === myId);
  const index = speakers.waiting.findIndex((entry) => entry.participant_id === myId);
  return { speaking, position: index + 1, kind: index >= 0 ? speakers.waiting[index].kind : null };
};

/**
 * The waiting order after moving one person up (-1) or down (+1): ids for
 * `PUT …/speakers/order`, or null when the move goes nowhere.
 * @param {Array<{participant_id: string}>} waiting
 * @param {string} participantId
 * @param {-1|1} step
 */
export const movedOrder = (waiting, participantId, step) => {
  const ids = waiting.map((entry) => entry.participant_id);
  const from = ids.indexOf(participantId);
  const to = from + step;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  [ids[from], ids[to]] = [ids[to], ids[from]];
  return ids;
};

/**
 * «3 min 20 s», «45 s»: speaking time.
 * @param {number} seconds
 */
export const formatDuration = (seconds) => {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
};

/**
 * The step in course with its planned minutes and the minutes it has run, or null.
 * @param {{current: string|null, steps: Array<any>}|null} agenda
 * @param {string} serverTime the answer's `server_time` (actual times are counted up to it)
 * @param {number} now this page's Date.now()
 * @param {number} offset clockOffset()
 */
export const currentStep = (agenda, serverTime, now, offset) => {
  if (!agenda || !agenda.current) return null;
  const step = agenda.steps.find((s) => s.id === agenda.current);
  if (!step) return null;
  const since = Math.max(0, (now + offset - Date.parse(serverTime)) / 1000) || 0;
  const seconds = step.actual_seconds + since;
  return { ...step, actual_minutes: Math.floor(seconds / 60), over: seconds > step.planned_minutes * 60 };
};
