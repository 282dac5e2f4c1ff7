"""Key names of the collaborative (Yjs) documents of a workshop.

The browser keeps the same names in ``static/src/document-schema.js``; a test
keeps the two files in step. Third-party clients rely on these names
(see ``docs/realtime.md``), so change them only with a schema version bump.
"""

SCHEMA_VERSION = 1

# Artifacts: one Yjs document per permission domain of a workshop.
ARTIFACT_TREE = "tree"
ARTIFACT_ALTERNATIVES = "alternatives"
ARTIFACT_ROADMAP = "roadmap"
ARTIFACTS = (ARTIFACT_TREE, ARTIFACT_ALTERNATIVES, ARTIFACT_ROADMAP)
# One document per commitment: the artifact is ``sheet-<commitment id>``.
# Who writes it follows the commitment's status, not the phase table.
ARTIFACT_SHEET = "sheet"
SHEET_ARTIFACT_SEPARATOR = "-"
# The minuta's draft (docs/minutes.md, «The draft»): one per workshop. The
# facilitator writes it while the current version is a draft; everyone else
# reads it, and nobody writes it while the version is in review, approved or
# sealed (a correction reopens it).
ARTIFACT_MINUTA = "minuta"
# The room's authoritative state, written by the server alone and read by
# every member (docs/realtime.md, «The `live` document»).
ARTIFACT_LIVE = "live"
# Root Y.Map: topic -> version (an integer bumped after every change of it).
LIVE_TOPICS = "topics"
# Root Y.Map: topic -> its small public state (plain JSON), when it has one.
LIVE_STATE = "state"
LIVE_TOPIC_PHASE = "phase"
LIVE_TOPIC_PARTICIPANTS = "participants"
LIVE_TOPIC_IDEATION = "ideation"
LIVE_TOPIC_ALTERNATIVES = "alternatives"
LIVE_TOPIC_ROUNDS = "rounds"
LIVE_TOPIC_BALLOTS = "ballots"
LIVE_TOPIC_DECISIONS = "decisions"
LIVE_TOPIC_COMMITMENTS = "commitments"
LIVE_TOPIC_ROADMAP = "roadmap"
LIVE_TOPIC_ASSESSMENT = "assessment"
LIVE_TOPIC_MINUTES = "minutes"
LIVE_TOPIC_NOTICES = "notices"
LIVE_TOPIC_MODERATION = "moderation"
# The minuta's lifecycle: status, amendments, approval, seals, attendance.
LIVE_TOPIC_MINUTA = "minuta"

# A plan's own ``live`` document (docs/realtime.md, «A plan's `live`
# document»): ``/ws/plans/<plan_id>/live``, the same ``topics`` map.
PLAN_LIVE_ROOM = "plans"
# The plan as GET /api/plans/{id} answers it: details, commitments, order.
PLAN_TOPIC_PLAN = "plan"
# The institution's DOCX template.
PLAN_TOPIC_TEMPLATE = "template"
# The follow-up: publication, links, reports, verifications, measurements, reviews.
PLAN_TOPIC_FOLLOW_UP = "follow_up"
# The plan's audit log (every change).
PLAN_TOPIC_HISTORY = "history"

# The ``tree`` document.
TREE_NODES = "nodes"
TREE_EDGES = "edges"
NODE_KIND = "kind"
NODE_TEXT = "text"
NODE_OBJECTIVE = "objective"
NODE_CREATED_BY = "created_by"
# Optional: creation time in ms since the epoch (a stable order for display).
NODE_CREATED_AT = "created_at"
# Optional: true when participants mark a cause as outside the scope of the
# commitment (a given, "supuesto"); it stays in the tree but yields no means.
NODE_OUT_OF_SCOPE = "out_of_scope"
# Written by the server when the facilitator merges duplicates: a JSON list
# of the merged nodes' {"id", "text", "created_by"}, so no author is lost.
NODE_MERGED_FROM = "merged_from"
EDGE_SOURCE = "source"
EDGE_TARGET = "target"
# The trail of deleted ideas (root Y.Map ``deleted`` of the tree document),
# written by the browser in the same transaction that deletes someone else's
# node: node id -> a plain JSON object {"node": {kind, text, objective?,
# created_by?, created_at?, out_of_scope?, merged_from?}, "edges": [{id,
# source, target}], "deleted_by": participant id, "deleted_at": ms since the
# epoch}. Anyone who may edit the tree restores it (the node with its id and
# the edges whose ends exist), which removes the entry. It lasts as long as
# the document; exports and checks ignore it.
TREE_DELETED = "deleted"
DELETED_NODE = "node"
DELETED_EDGES = "edges"
DELETED_BY = "deleted_by"
DELETED_AT = "deleted_at"

KIND_PROBLEM = "problem"
KIND_CAUSE = "cause"
KIND_EFFECT = "effect"
NODE_KINDS = (KIND_PROBLEM, KIND_CAUSE, KIND_EFFECT)

# The ``alternatives`` document: root Y.Map ``alternatives``, id -> Y.Map with
# ``title`` and ``description`` (Y.Text, written together) and ``created_by``.
# What an alternative addresses and its disposition are server state (HTTP).
ALTERNATIVES_ITEMS = "alternatives"
ALTERNATIVE_TITLE = "title"
ALTERNATIVE_DESCRIPTION = "description"
# Written by the server when the facilitator answers an alternative (its
# disposition, kept in storage): a plain JSON object {"disposition",
# "reason", "merged_into", "authors": [participant ids], "at": ISO time}, so
# that its authors are told in the room (pushed, no polling). Clients only read it.
ALTERNATIVE_RESPONSE = "response"

# The ``roadmap`` document: root Y.Map ``roadmaps``, commitment id -> Y.Map
# holding one hoja de ruta in the shape of ``workshops.roadmap.roadmap_to_dict``
# (without the agreement record, which is server state): objects are Y.Map,
# lists of objects (organizations, activities, indicators) are Y.Array of
# Y.Map, each item with a plain string ``id``; texts are Y.Text; the lists of
# strings (products, verification) are one Y.Text with one item per line;
# dates (``YYYY-MM-DD`` or empty), the indicator's direction and numbers are
# plain values (last writer wins). The server creates each commitment's map
# with every key present, so clients never race to create one.
ROADMAP_ITEMS = "roadmaps"
ROADMAP_ITEM_ID = "id"
ROADMAP_PLAIN_KEYS = ("start", "end", "direction", "weight", "goal", "value", "year")
ROADMAP_LINE_LIST_KEYS = ("products", "verification")

# The ``sheet-<commitment id>`` document (the ficha de compromiso): root
# Y.Map ``sheet`` holding every text field of ``workshops.commitment``
# (``SHEET_TEXT_FIELDS``) as Y.Text, and the two choice lists as Y.Map of
# choice -> boolean (``ogp_values``: the OGP value names; ``sdgs``: "1".."17"),
# so two people ticking different boxes both count. The server creates every
# key (from the stored sheet the first time the document loads); clients
# never create them. The status is server state (HTTP, and ``status`` in the
# server's awareness entry).
SHEET_FIELDS = "sheet"
SHEET_CHOICE_KEYS = ("ogp_values", "sdgs")

# The ``minuta`` document: root Y.Map ``passages``, passage id (``e<seq>`` of
# its event in the log; ``more``, ``speaking``) -> Y.Map with ``text``
# (Y.Text: what the draft says), and plain ``at`` (ISO time), ``n`` (its
# place in the log's order) and ``generated`` (the log's wording it was
# generated from; the passage is edited when its text differs). Root Y.Array
# ``acuerdos``: Y.Map with ``id`` (plain), ``who`` and ``what`` (Y.Text) and
# ``by`` (plain ``YYYY-MM-DD`` or ""). Root Y.Map ``aside``: passage id -> a
# plain JSON object {"at", "text", "generated"}: an edited passage whose
# event left the log, kept apart by the server when it regenerates. Only
# the server creates or removes passages; the facilitator's client edits
# their texts and the acuerdos.
MINUTA_PASSAGES = "passages"
MINUTA_ACUERDOS = "acuerdos"
MINUTA_ASIDE = "aside"
PASSAGE_TEXT = "text"
PASSAGE_AT = "at"
PASSAGE_N = "n"
PASSAGE_GENERATED = "generated"
ACUERDO_ID = "id"
ACUERDO_WHO = "who"
ACUERDO_WHAT = "what"
ACUERDO_BY = "by"

# Awareness: the field a participant's state carries (rewritten by the
# server from the session, never trusted from the client), and the field of
# the server's own awareness entry.
AWARENESS_USER = "user"
AWARENESS_SERVER = "cocrea"

# Wire extension (docs/realtime.md): the client sends [SAVE_BARRIER][varuint n]
# after local edits; the server answers with the same frame once everything it
# had received on that connection before the barrier is durably stored.
MESSAGE_SAVE_BARRIER = 100
