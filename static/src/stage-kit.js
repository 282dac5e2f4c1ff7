// The same trick as room-kit.js for the stage's chunks (stage.jsx and its
// panels): what several of them use stays in one file, fetched with the first
// panel shown, instead of one small file per combination of panels.

import "./ballot-model.js";
import "./chart-model.js";
import "./round-model.js";
import "./use-live-resource.js";
import "./use-ytext.js";
import "./voting-api.js";
