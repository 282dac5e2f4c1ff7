// What the room loads first and its chunks also use. esbuild puts each module
// in the chunk of the set of entry points that reach it, so chunks that each
// import a different part of the room would cut the room's first load into
// many small files (16 instead of 2, and 2 KB more gzip). The room and every
// chunk import this file, which gives the room's shared modules the same reach: they stay
// in one file. It costs nothing at run time: the room has loaded them all.

import "./api.js";
import "./clipboard.js";
import "./confirm-dialog.jsx";
import "./copy-field.jsx";
import "./debounced-task.js";
import "./document-status.jsx";
import "./document-schema.js";
import "./download-links.jsx";
import "./download.js";
import "./i18n.js";
import "./join-overlay.jsx";
import "./lazy-module.js";
import "./moderation-api.js";
import "./moderation-bar.jsx";
import "./moderation-model.js";
import "./node-marks.jsx";
import "./offline-journal.js";
import "./parking-panel.jsx";
import "./room-connection.js";
import "./save-barrier.js";
import "./stage-model.js";
import "./text-diff.js";
import "./text-field.jsx";
import "./timer-sound.js";
import "./tree-api.js";
import "./tree-labels.js";
import "./tree-links.js";
import "./tree-model.js";
import "./tree-trail-model.js";
import "./tree-trail.jsx";
import "./unsaved-texts.js";
import "./use-follow.js";
import "./use-ideation.js";
import "./use-member-names.js";
import "./use-moderation.js";
import "./use-shown-target.js";
import "./use-tree.js";
