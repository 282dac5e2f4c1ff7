// Key names of the collaborative (Yjs) documents of a workshop.
// Mirrors workshops/document_schema.py; tests/test_document_schema.py keeps them in step.

export const SCHEMA_VERSION = 1;

export const ARTIFACT_TREE = "tree";
export const ARTIFACT_ALTERNATIVES = "alternatives";
export const ARTIFACT_ROADMAP = "roadmap";
export const ARTIFACTS = [ARTIFACT_TREE, ARTIFACT_ALTERNATIVES, ARTIFACT_ROADMAP];
// One document per commitment: the artifact is `sheet-<commitment id>`.
export const ARTIFACT_SHEET = "sheet";
export const SHEET_ARTIFACT_SEPARATOR = "-";
// The minuta's draft: one per workshop; the facilitator writes it while the
// version is a draft, everyone else reads it (docs/minutes.md).
export const ARTIFACT_MINUTA = "minuta";
// The room's authoritative state, written by the server alone and read by
// every member (docs/realtime.md, «The `live` document»).
export const ARTIFACT_LIVE = "live";
// Root Y.Map: topic -> version (an integer bumped after every change of it).
export const LIVE_TOPICS = "topics";
// Root Y.Map: topic -> its small public state (plain JSON), when it has one.
export const LIVE_STATE = "state";
export const LIVE_TOPIC_PHASE = "phase";
export const LIVE_TOPIC_PARTICIPANTS = "participants";
export const LIVE_TOPIC_IDEATION = "ideation";
export const LIVE_TOPIC_ALTERNATIVES = "alternatives";
export const LIVE_TOPIC_ROUNDS = "rounds";
export const LIVE_TOPIC_BALLOTS = "ballots";
export const LIVE_TOPIC_DECISIONS = "decisions";
export const LIVE_TOPIC_COMMITMENTS = "commitments";
export const LIVE_TOPIC_ROADMAP = "roadmap";
export const LIVE_TOPIC_ASSESSMENT = "assessment";
export const LIVE_TOPIC_MINUTES = "minutes";
export const LIVE_TOPIC_NOTICES = "notices";
export const LIVE_TOPIC_MODERATION = "moderation";
export const LIVE_TOPIC_MINUTA = "minuta";
// A plan's own live document (docs/realtime.md): /ws/plans/<plan id>/live.
export const PLAN_LIVE_ROOM = "plans";
export const PLAN_TOPIC_PLAN = "plan";
export const PLAN_TOPIC_TEMPLATE = "template";
export const PLAN_TOPIC_FOLLOW_UP = "follow_up";
export const PLAN_TOPIC_HISTORY = "history";

export const TREE_NODES = "nodes";
export const TREE_EDGES = "edges";
export const NODE_KIND = "kind";
export const NODE_TEXT = "text";
export const NODE_OBJECTIVE = "objective";
export const NODE_CREATED_BY = "created_by";
// Optional: creation time in ms since the epoch (a stable order for display).
export const NODE_CREATED_AT = "created_at";
// Optional: true when a cause is outside the scope of the commitment (a given).
export const NODE_OUT_OF_SCOPE = "out_of_scope";
// Written by the server when the facilitator merges duplicates: a list of the
// merged nodes' {id, text, created_by}, so no author is lost.
export const NODE_MERGED_FROM = "merged_from";
export const EDGE_SOURCE = "source";
export const EDGE_TARGET = "target";
// The trail of deleted ideas: root Y.Map "deleted", node id -> a plain JSON
// object {node: {kind, text, objective?, created_by?, created_at?,
// out_of_scope?, merged_from?}, edges: [{id, source, target}], deleted_by,
// deleted_at (ms)}, written with the deletion of someone else's node and
// removed when anyone who may edit the tree restores it.
export const TREE_DELETED = "deleted";
export const DELETED_NODE = "node";
export const DELETED_EDGES = "edges";
export const DELETED_BY = "deleted_by";
export const DELETED_AT = "deleted_at";

export const KIND_PROBLEM = "problem";
export const KIND_CAUSE = "cause";
export const KIND_EFFECT = "effect";
export const NODE_KINDS = [KIND_PROBLEM, KIND_CAUSE, KIND_EFFECT];

// The alternatives document: root Y.Map "alternatives", id -> Y.Map with
// "title" and "description" (Y.Text) and "created_by". Addresses and the
// disposition are server state (HTTP API).
export const ALTERNATIVES_ITEMS = "alternatives";
export const ALTERNATIVE_TITLE = "title";
export const ALTERNATIVE_DESCRIPTION = "description";
// Written by the server with the facilitator's answer to an alternative:
// {disposition, reason, merged_into, authors: [ids], at: ISO}; read only.
export const ALTERNATIVE_RESPONSE = "response";

// The roadmap document: root Y.Map "roadmaps", commitment id -> Y.Map in the
// shape of workshops.roadmap.roadmap_to_dict (no agreement record): objects
// are Y.Map, lists of objects Y.Array of Y.Map (each with a plain "id"),
// texts Y.Text, lists of strings one Y.Text with one item per line; dates,
// direction and numbers plain values. The server creates every key.
export const ROADMAP_ITEMS = "roadmaps";
export const ROADMAP_ITEM_ID = "id";
export const ROADMAP_PLAIN_KEYS = ["start", "end", "direction", "weight", "goal", "value", "year"];
export const ROADMAP_LINE_LIST_KEYS = ["products", "verification"];

// The sheet-<commitment id> document: root Y.Map "sheet" with every text field
// of the commitment sheet as Y.Text, and "ogp_values" / "sdgs" as Y.Map of
// choice -> boolean ("1".."17" for the SDGs). The server creates every key.
export const SHEET_FIELDS = "sheet";
export const SHEET_CHOICE_KEYS = ["ogp_values", "sdgs"];

// The minuta document: root Y.Map "passages" (passage id -> Y.Map with "text"
// Y.Text and plain "at", "n", "generated"), root Y.Array "acuerdos" (Y.Map
// with plain "id" and "by", Y.Text "who" and "what"), root Y.Map "aside"
// (edited passages whose event left the log). Only the server adds passages.
export const MINUTA_PASSAGES = "passages";
export const MINUTA_ACUERDOS = "acuerdos";
export const MINUTA_ASIDE = "aside";
export const PASSAGE_TEXT = "text";
export const PASSAGE_AT = "at";
export const PASSAGE_N = "n";
export const PASSAGE_GENERATED = "generated";
export const ACUERDO_ID = "id";
export const ACUERDO_WHO = "who";
export const ACUERDO_WHAT = "what";
export const ACUERDO_BY = "by";

export const AWARENESS_USER = "user";
export const AWARENESS_SERVER = "cocrea";

// Wire extension (docs/realtime.md): the client sends [SAVE_BARRIER][varuint n]
// after local edits; the server answers with the same frame once everything it
// had received on that connection before the barrier is durably stored.
export const MESSAGE_SAVE_BARRIER = 100;
