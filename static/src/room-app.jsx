// The room page: workshop header, connection and save state, phase, presence,
// the live problem tree (graph, outline or objectives) over one RoomConnection
// to `<id>/tree`, the lock banner, the silent-ideation panel of participants
// and the facilitator's tools (both chunks loaded on demand). From
// «Alternativas» on, tabs (stage-nav.jsx) lead to the alternatives, voting,
// decisions and commitment panels (stage.jsx, a chunk), shown above the tree,
// which stays below as a read-only reference (the tree tools go).

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { DisplayLink } from "./display-link.jsx";
import { ARTIFACT_TREE, AWARENESS_USER, LIVE_TOPIC_PHASE } from "./document-schema.js";
import { labelOf, makeTranslator } from "./i18n.js";
import { UnsavedTexts } from "./document-status.jsx";
import { JoinOverlay } from "./join-overlay.jsx";
import { useLazyModule } from "./lazy-module.js";
import { ModerationBar } from "./moderation-bar.jsx";
import { ParkingPanel } from "./parking-panel.jsx";
import { PhaseControl } from "./phase-bar.jsx";
import { PresencePanel } from "./presence-panel.jsx";
import { editorsByNode, listPeople } from "./presence.js";
import {
  CLOSE_FORBIDDEN,
  CLOSE_MALFORMED,
  CLOSE_NOT_FOUND,
  CLOSE_TOO_LARGE,
  CLOSE_TOO_MANY,
  CLOSE_UNAUTHORIZED,
  CONN_CONNECTED,
  CONN_CONNECTING,
  RoomConnection,
  anyPendingChanges,
} from "./room-connection.js";
import { SAVE_SAVED, saveKey } from "./save-barrier.js";
import { RoomTop } from "./room-top.jsx";
import { revokeParticipant } from "./session-api.js";
import { StageNav, useStageTab } from "./stage-nav.jsx";
import { TAB_VOTING, hasStage, projectorFromSearch } from "./stage-model.js";
import { TreeWorkspace } from "./tree-workspace.jsx";
import { openLive, useLiveState } from "./live-state.js";
import { MesaDetails } from "./mesa-details.jsx";
import { ROUND_OPEN, ROUND_REVEALED, useIdeation } from "./use-ideation.js";
import { unsavedKey } from "./unsaved-texts.js";
import { useFollow } from "./use-follow.js";
import { useModeration } from "./use-moderation.js";
import "./room-kit.js";
import { withLaterAssets } from "./later-assets.js";

const loadFacilitatorTools = withLaterAssets(() => import("./facilitator-tools.jsx"));
const loadDisplayScreen = withLaterAssets(() => import("./display-screen.jsx"));
const loadModerationPanel = withLaterAssets(() => import("./moderation-panel.jsx"));

/** The facilitator revokes someone's access, after confirming. */
const revokeAccess = async (workshopId, person, t) => {
  if (!window.confirm(t("session.revoke_confirm", { name: person.name }))) return;
  try {
    await revokeParticipant(workshopId, person.id, { networkMessage: t("error.network") });
  } catch (error) {
    window.alert(error.message);
  }
};
const loadIdeationPanel = withLaterAssets(() => import("./ideation-panel.jsx"));
const loadStage = withLaterAssets(() => import("./stage.jsx"));

const PROJECTOR_KEY = "cocrea.projector";

const CLOSE_MESSAGES = {
  [CLOSE_MALFORMED]: "close.malformed",
  [CLOSE_UNAUTHORIZED]: "close.unauthorized",
  [CLOSE_FORBIDDEN]: "close.forbidden",
  [CLOSE_NOT_FOUND]: "close.not_found",
  [CLOSE_TOO_LARGE]: "close.too_large",
  [CLOSE_TOO_MANY]: "close.too_many",
};

const readProjector = () => {
  // `?proyector=1` (a link for the projector's browser) wins over the stored choice.
  const asked = projectorFromSearch(window.location.search);
  if (asked !== null) return asked;
  try {
    return window.localStorage.getItem(PROJECTOR_KEY) === "1";
  } catch {
    return false;
  }
};

/** The projector mode; a display link (`display`) is always in it and keeps nothing. */
const useProjector = (display) => {
  const [on, setOn] = useState(() => display || readProjector());
  useEffect(() => {
    document.documentElement.classList.toggle("projector", on);
    document.documentElement.classList.toggle("display", display);
    if (display) return;
    try {
      window.localStorage.setItem(PROJECTOR_KEY, on ? "1" : "0");
    } catch {
      // private mode: the toggle still works for this page
    }
  }, [on]);
  return [on, setOn];
};

/**
 * The whole room UI.
 * @param {{bootstrap: Record<string, any>}} props
 */
export function RoomApp({ bootstrap }) {
  const t = useMemo(() => makeTranslator(bootstrap.messages || {}), [bootstrap]);
  const { me, phases = [], sectors = [] } = bootstrap;
  const lang = bootstrap.lang || document.documentElement.lang || "es";
  const [state, setState] = useState(null);
  const [phaseOverride, setPhaseOverride] = useState(null);
  const [showJoin, setShowJoin] = useState(false);
  // A display link (server/displays.py): the projector view, read-only, nobody.
  const isDisplay = me.role === "display";
  const [projector, setProjector] = useProjector(isDisplay);
  const [revealedNote, setRevealedNote] = useState(false);
  const connection = useRef(null);
  const lastRound = useRef(null);
  // The room's pushed state (live-state.js), open before any panel reads it.
  const [closeLive] = useState(() => openLive(bootstrap.ws_url, bootstrap.workshop.id));
  useEffect(() => closeLive, []);
  // The mesa's details as last pushed (a correction, docs/api.md «The mesa's details»), else as the page came.
  const pushed = useLiveState(bootstrap.workshop.id, LIVE_TOPIC_PHASE);
  const workshop = pushed && pushed.workshop ? { ...bootstrap.workshop, ...pushed.workshop } : bootstrap.workshop;
  useEffect(() => {
    if (workshop.title !== bootstrap.workshop.title) document.title = t("room.page_title", { title: workshop.title });
  }, [workshop.title]);

  useEffect(() => {
    const localState = {
      [AWARENESS_USER]: { id: me.participant_id, name: me.name, sector: me.sector, role: me.role },
      editing: null,
    };
    const room = new RoomConnection(
      { url: bootstrap.ws_url, room: `${workshop.id}/${ARTIFACT_TREE}`, localState },
      setState,
    );
    connection.current = room;
    setState(room.state);
    // Leaving with edits the server has not confirmed (any of the room's documents) asks first.
    const beforeUnload = (event) => {
      if (!anyPendingChanges()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      room.destroy();
    };
  }, []);

  const server = state && state.server;
  useEffect(() => setPhaseOverride(null), [server]);

  const isFacilitator = me.role === "facilitator";
  const moderation = useModeration(workshop.id, t("error.network"));
  const isParticipant = me.role === "participant";
  const bootLocked = Array.isArray(workshop.locked) && workshop.locked.includes(ARTIFACT_TREE);
  const locked = server ? Boolean(server.locked) : bootLocked;
  const serverPhase = (server && server.phase) || workshop.phase;
  const editableBy =
    server && Array.isArray(server.editable_by) ? server.editable_by : (bootstrap.editable && bootstrap.editable.tree) || [];
  const openToParticipants = editableBy.includes("participant");
  const ideation = useIdeation(workshop.id, {
    enabled: isFacilitator || isParticipant,
    treeOpen: openToParticipants || locked,
    trigger: `${serverPhase}|${locked}`,
  });
  const round = ideation.round;
  useEffect(() => {
    const previous = lastRound.current;
    const sameRound = round && previous && previous.id === round.id;
    if (sameRound && previous.status === ROUND_OPEN && round.status === ROUND_REVEALED) setRevealedNote(true);
    if (round && round.status === ROUND_OPEN) setRevealedNote(false);
    lastRound.current = round;
  }, [round && round.id, round && round.status]);
  const currentPhase = phaseOverride || serverPhase;
  const staged = hasStage(currentPhase);
  const [tab, setTab] = useStageTab(currentPhase);
  const follow = useFollow(moderation.view && moderation.view.focus, {
    enabled: !isFacilitator,
    tab: staged ? tab : null,
    onTab: setTab,
  });
  const [roundOpen, setRoundOpen] = useState(false);
  const stage = useLazyModule("stage", loadStage, staged);
  const tools = useLazyModule("facilitator-tools", loadFacilitatorTools, isFacilitator && !staged);
  const moderationPanel = useLazyModule("moderation-panel", loadModerationPanel, isFacilitator);
  const ModerationPanel = moderationPanel.module && moderationPanel.module.ModerationPanel;
  const wantsIdeation = isParticipant && ((round && round.status === ROUND_OPEN) || revealedNote);
  const ideationPanel = useLazyModule("ideation-panel", loadIdeationPanel, wantsIdeation);
  const displayScreen = useLazyModule("display-screen", loadDisplayScreen, isDisplay);

  if (!state) return null;
  const session = state.session;
  const phase = phaseOverride || (server && server.phase) || workshop.phase;
  const roleMayEdit = editableBy.includes(me.role);
  const loading = !session || !session.synced;
  const usable = session && session.synced && !session.rejected && !state.terminal;
  const editable = Boolean(roleMayEdit && usable);

  const people = session ? listPeople(session.awareness.getStates()) : [];
  const editors = editorsByNode(people, me.participant_id);
  const names = new Map(people.map((person) => [person.id, person.name]));

  let readOnlyReason = "";
  if (me.role === "observer") readOnlyReason = t("room.readonly_observer");
  else if (locked && !roleMayEdit) readOnlyReason = "";
  else if (!roleMayEdit) readOnlyReason = t("room.readonly_phase", { phase: labelOf(phases, phase) });
  const Tools = tools.module && tools.module.FacilitatorTools;
  const Ideation = ideationPanel.module && ideationPanel.module.IdeationPanel;
  const Stage = stage.module && stage.module.Stage;

  const onEditing = (nodeId) => connection.current && connection.current.setLocalState({ editing: nodeId });
  // The staged phases' view, and its tabs, as the room and the display show them.
  const stageNav = staged && (
    <StageNav tab={tab} onTab={setTab} marks={roundOpen ? { [TAB_VOTING]: t("stage.round_open") } : {}} t={t} />
  );
  const stageView =
    staged &&
    (Stage ? (
      <Stage
        tab={tab}
        onTab={setTab}
        onRoundOpen={setRoundOpen}
        phase={phase}
        workshop={workshop}
        me={me}
        wsUrl={bootstrap.ws_url}
        sectors={sectors}
        present={names}
        projector={isDisplay || projector}
        lang={lang}
        t={t}
      />
    ) : (
      <p class="tree-loading" role="status">
        {stage.failed ? t("tree.view_load_failed") : t("tree.view_loading")}
      </p>
    ));

  if (isDisplay) {
    const DisplayScreen = displayScreen.module && displayScreen.module.DisplayScreen;
    if (!DisplayScreen)
      return (
        <p class="tree-loading" role="status">
          {displayScreen.failed ? t("tree.view_load_failed") : t("tree.view_loading")}
        </p>
      );
    return (
      <DisplayScreen
        workshop={workshop}
        phases={phases}
        phase={phase}
        status={<StatusBar state={state} t={t} onRetry={() => connection.current && connection.current.retry()} onDismiss={() => connection.current && connection.current.dismissClosed()} />}
        moderation={moderation}
        staged={staged}
        tab={tab}
        roundOpen={roundOpen}
        tabs={stageNav}
        stage={stageView}
        doc={session ? session.doc : null}
        loading={loading}
        t={t}
      />
    );
  }

  return (
    <div class={staged ? "room room--stage" : "room"}>
      <RoomTop
        workshop={workshop}
        lang={lang}
        phases={phases}
        phase={phase}
        projector={projector}
        onProjector={setProjector}
        onShowCode={() => setShowJoin(true)}
        status={
          <StatusBar
            state={state}
            t={t}
            onRetry={() => connection.current && connection.current.retry()}
            onDismiss={() => connection.current && connection.current.dismissClosed()}
          />
        }
        unsaved={<UnsavedTexts storageKey={unsavedKey(workshop.id, me.participant_id)} phases={phases} t={t} />}
        tools={
          isFacilitator && (
            <>
              <MesaDetails workshopId={workshop.id} workshop={workshop} t={t} />
              <DisplayLink workshopId={workshop.id} t={t} />
            </>
          )
        }
        control={
          isFacilitator && (
            <PhaseControl workshopId={workshop.id} phases={phases} phase={phase} t={t} onChanged={setPhaseOverride} />
          )
        }
        tabs={stageNav}
        t={t}
      />

      <ModerationBar workshopId={workshop.id} me={me} moderation={moderation} follow={follow} t={t} />
      {isFacilitator && !staged && Tools && session && (
        <Tools
          key={session.doc.guid}
          workshopId={workshop.id}
          doc={session.doc}
          server={server}
          editable={editable}
          ideation={ideation}
          t={t}
        />
      )}
      {wantsIdeation && Ideation && (
        <Ideation
          workshopId={workshop.id}
          ideation={ideation}
          revealed={revealedNote}
          onDismiss={() => setRevealedNote(false)}
          t={t}
        />
      )}

      <div class="room-body">
        <div class="room-main">
          {stageView}
          <section class="tree-panel" aria-labelledby="tree-heading">
            <h2 id="tree-heading">{t("tree.title")}</h2>
            {locked && (
              <p class="notice notice--locked" role="status">
                {isFacilitator ? t("room.locked_facilitator") : t("room.locked")}
              </p>
            )}
            {readOnlyReason && (
              <p class="notice notice--readonly" role="note">
                {readOnlyReason}
              </p>
            )}
            {session && (
              <TreeWorkspace
                key={session.doc.guid}
                doc={session.doc}
                workshopId={workshop.id}
                lang={lang}
                t={t}
                editable={editable}
                loading={loading}
                me={me}
                problemStatement={workshop.problem_statement}
                editors={editors}
                names={names}
                onEditing={onEditing}
              />
            )}
          </section>
        </div>
        <aside class="side-panel" aria-label={t("room.side")}>
          {ModerationPanel && (
            <ModerationPanel
              workshopId={workshop.id}
              moderation={moderation}
              phases={phases}
              tab={staged ? tab : null}
              t={t}
            />
          )}
          <PresencePanel
            people={people}
            sectors={sectors}
            myId={me.participant_id}
            t={t}
            onRevoke={isFacilitator ? (person) => revokeAccess(workshop.id, person, t) : undefined}
          />
          <ParkingPanel workshopId={workshop.id} isFacilitator={isFacilitator} moderation={moderation} t={t} />
          <p class="me-line">
            {t("room.you_are", { name: me.name, role: t(`role.${me.role}`) })}
          </p>
          {bootstrap.privacy_url && (
            <p>
              <a href={bootstrap.privacy_url}>{t("common.privacy_notice")}</a>
            </p>
          )}
        </aside>
      </div>

      <JoinOverlay open={showJoin} onClose={() => setShowJoin(false)} workshop={workshop} t={t} />
    </div>
  );
}

function StatusBar({ state, t, onRetry, onDismiss }) {
  const { connection, save, closed, terminal } = state;
  let closeText = "";
  if (closed) {
    const key = CLOSE_MESSAGES[closed.code] || "close.other";
    closeText = t(key, { code: closed.code });
    if (closed.code === CLOSE_FORBIDDEN && terminal) closeText = t("close.forbidden_final");
    if (closed.reason) closeText = `${closeText} ${t("close.reason", { reason: closed.reason })}`;
  }
  const canRetry = terminal && closed && closed.code !== CLOSE_UNAUTHORIZED && closed.code !== CLOSE_NOT_FOUND;
  return (
    <div class="status-bar">
      <p class={`conn conn--${connection}`} role="status">
        <span class="conn-dot" aria-hidden="true" />
        {t(`conn.${connection}`)}
      </p>
      {connection !== CONN_CONNECTING && (
        <p class={`save save--${save}`}>{connection === CONN_CONNECTED || save !== SAVE_SAVED ? t(saveKey(save)) : ""}</p>
      )}
      {closed && (
        <div class={`notice ${terminal ? "notice--error" : "notice--warning"}`} role="alert">
          <p>{closeText}</p>
          {closed.code === CLOSE_UNAUTHORIZED && (
            <p>
              <a href="/">{t("close.rejoin")}</a>
            </p>
          )}
          {!terminal && (
            <button type="button" class="button button--small" onClick={onDismiss}>
              {t("common.dismiss")}
            </button>
          )}
          {canRetry && (
            <button type="button" class="button" onClick={onRetry}>
              {t("close.retry")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
