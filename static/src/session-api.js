// Calls about who may be in a workshop (server/revocation.py).

import { requestJson } from "./api.js";

/**
 * Revokes a participant's access (facilitator): their sessions stop working
 * and their open sockets close with 4401.
 * @param {string} workshopId
 * @param {string} participantId
 * @param {{networkMessage?: string}} [options]
 * @returns {Promise<{id: string, name: string, revoked: boolean}>}
 */
export const revokeParticipant = (workshopId, participantId, options) =>
  requestJson(
    "POST",
    `/api/workshops/${encodeURIComponent(workshopId)}/participants/${encodeURIComponent(participantId)}/revoke`,
    undefined,
    options,
  );

/**
 * Creates a read-only display link for the room's projector (facilitator):
 * a display is never a member (server/displays.py).
 * @param {string} workshopId
 * @param {{networkMessage?: string}} [options]
 * @returns {Promise<{display_url: string, display_id: string}>}
 */
export const createDisplay = (workshopId, options) =>
  requestJson("POST", `/api/workshops/${encodeURIComponent(workshopId)}/displays`, undefined, options);
