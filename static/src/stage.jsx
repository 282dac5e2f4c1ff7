// The stage of the room from «Alternativas» on, a chunk loaded with that
// phase: it keeps what several tabs share fresh (the alternatives, the
// rounds and the round on show, the decision record, the names of members)
// and shows the tab's panel, itself a chunk loaded the first time it is
// opened. While a round is open and the person is elsewhere, a banner leads
// to it; the projector goes to it by itself.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useLazyModule } from "./lazy-module.js";
import {
  LIVE_TOPIC_ALTERNATIVES,
  LIVE_TOPIC_BALLOTS,
  LIVE_TOPIC_DECISIONS,
  LIVE_TOPIC_PHASE,
  LIVE_TOPIC_ROUNDS,
} from "./document-schema.js";
import { ROUND_OPEN, currentRound } from "./round-model.js";
import {
  TAB_ALTERNATIVES,
  TAB_COMMITMENTS,
  TAB_DECISIONS,
  TAB_ROADMAP,
  TAB_VOTING,
} from "./stage-model.js";
import { useMemberNames } from "./use-member-names.js";
import { useLiveResource } from "./use-live-resource.js";
import { getRound, listAlternatives, listDecisions, listRounds } from "./voting-api.js";
import "./room-kit.js";
import "./stage-kit.js";

// What is asked for again when the server pushes a change of these topics
// (live-state.js): nothing polls.
const ALTERNATIVES_TOPICS = [LIVE_TOPIC_ALTERNATIVES];
const ROUNDS_TOPICS = [LIVE_TOPIC_ROUNDS];
// The round on show: its participation (ballots) and whether it is suspended (phase).
const ROUND_TOPICS = [LIVE_TOPIC_ROUNDS, LIVE_TOPIC_BALLOTS, LIVE_TOPIC_PHASE];
const DECISIONS_TOPICS = [LIVE_TOPIC_DECISIONS];
const NONE = [];

const PANELS = {
  [TAB_ALTERNATIVES]: ["alternatives-panel", () => import("./alternatives-panel.jsx"), "AlternativesPanel"],
  [TAB_VOTING]: ["voting-panel", () => import("./voting-panel.jsx"), "VotingPanel"],
  [TAB_DECISIONS]: ["decisions-panel", () => import("./decisions-panel.jsx"), "DecisionsPanel"],
  [TAB_COMMITMENTS]: ["commitments-panel", () => import("./commitments-panel.jsx"), "CommitmentsPanel"],
  [TAB_ROADMAP]: ["roadmap-panel", () => import("./roadmap-panel.jsx"), "RoadmapPanel"],
};

const usePanel = (tab, id) => {
  const [key, loader] = PANELS[id];
  return useLazyModule(key, loader, tab === id);
};

/**
 * @typedef {object} AlternativesState
 * @property {Array<Record<string, any>>} list
 * @property {Map<string, Record<string, any>>} byId
 * @property {boolean} loaded
 * @property {string} error
 * @property {() => Promise<void>} refresh
 * @property {(id: string) => string} titleOf the live title, or a placeholder for an unknown id
 */

/**
 * @param {object} props
 * @param {string} props.tab
 * @param {(tab: string) => void} props.onTab
 * @param {(open: boolean) => void} props.onRoundOpen
 * @param {string} props.phase
 * @param {{id: string}} props.workshop
 * @param {{participant_id: string, role: string, name: string, sector: string}} props.me
 * @param {string} props.wsUrl
 * @param {Array<{id: string, label: string}>} props.sectors
 * @param {Map<string, string>} props.present names of the people in the room
 * @param {boolean} props.projector
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function Stage({ tab, onTab, onRoundOpen, phase, workshop, me, wsUrl, sectors, present, projector, lang, t }) {
  const workshopId = workshop.id;
  const net = { networkMessage: t("error.network") };

  const alternativesPolled = useLiveResource(() => listAlternatives(workshopId, net), {
    key: workshopId,
    workshopId,
    topics: ALTERNATIVES_TOPICS,
  });
  const list = (alternativesPolled.data && alternativesPolled.data.alternatives) || NONE;
  const byId = useMemo(() => new Map(list.map((a) => [a.id, a])), [alternativesPolled.data]);
  /** @type {AlternativesState} */
  const alternatives = {
    list,
    byId,
    loaded: alternativesPolled.loaded,
    error: alternativesPolled.error,
    refresh: alternativesPolled.refresh,
    titleOf: (id) => {
      if (byId.has(id)) return byId.get(id).title;
      // The minuta's approval has one option: the version put to consent.
      const minuta = /^minuta-v(\d+)$/.exec(id);
      return minuta ? t("minuta.option", { n: minuta[1] }) : t("voting.unknown_option");
    },
  };

  // Rounds: the list and the round on show are asked for again when the
  // server pushes a change of them.
  const rounds = useLiveResource(() => listRounds(workshopId, net), {
    key: workshopId,
    workshopId,
    topics: ROUNDS_TOPICS,
  });
  const roundList = (rounds.data && rounds.data.rounds) || NONE;
  const latest = currentRound(roundList);
  const [chosenId, setChosenId] = useState(null);
  const shownId = (chosenId && roundList.some((r) => r.id === chosenId) && chosenId) || (latest && latest.id) || "";
  const detail = useLiveResource(() => getRound(workshopId, shownId, net), {
    key: shownId,
    enabled: Boolean(shownId),
    workshopId,
    topics: ROUND_TOPICS,
  });
  const shown = detail.data && detail.data.id === shownId ? detail.data : null;
  const listedOpen = Boolean(latest && latest.status === ROUND_OPEN);

  const decisions = useLiveResource(() => listDecisions(workshopId, net), {
    key: workshopId,
    workshopId,
    topics: DECISIONS_TOPICS,
  });
  const decisionList = (decisions.data && decisions.data.decisions) || NONE;

  const authorIds = useMemo(() => {
    const ids = new Set();
    for (const a of list) for (const id of a.authors || []) ids.add(id);
    if (shown && shown.results && Array.isArray(shown.results.ballots))
      for (const ballot of shown.results.ballots) ids.add(ballot.voter_id);
    return [...ids];
  }, [alternativesPolled.data, shown]);
  const names = useMemberNames(workshopId, present, authorIds);

  // A round that opens: everyone hears of it, the projector goes to it.
  const openId = listedOpen ? latest.id : "";
  const seenOpen = useRef("");
  useEffect(() => {
    onRoundOpen(Boolean(openId));
    if (openId && openId !== seenOpen.current) {
      seenOpen.current = openId;
      setChosenId(null);
      if (projector) onTab(TAB_VOTING);
    }
  }, [openId]);
  useEffect(() => () => onRoundOpen(false), []);

  const panels = {
    [TAB_ALTERNATIVES]: usePanel(tab, TAB_ALTERNATIVES),
    [TAB_VOTING]: usePanel(tab, TAB_VOTING),
    [TAB_DECISIONS]: usePanel(tab, TAB_DECISIONS),
    [TAB_COMMITMENTS]: usePanel(tab, TAB_COMMITMENTS),
    [TAB_ROADMAP]: usePanel(tab, TAB_ROADMAP),
  };
  if (!PANELS[tab]) return null;
  const lazy = panels[tab];
  const Panel = lazy.module && lazy.module[PANELS[tab][2]];
  const shared = { workshopId, phase, me, sectors, names, alternatives, projector, lang, t };

  return (
    <section class={`stage stage--${tab}`} aria-labelledby="stage-heading">
      <h2 id="stage-heading" class="stage-heading">
        {t(`stage.title_${tab}`)}
      </h2>
      {openId && tab !== TAB_VOTING && !projector && <RoundBanner round={latest} onTab={onTab} t={t} />}
      {alternatives.error && !alternatives.loaded && (
        <p class="form-message form-message--error" role="alert">
          {alternatives.error}
        </p>
      )}
      {!Panel && (
        <p class="tree-loading" role="status">
          {lazy.failed ? t("tree.view_load_failed") : t("tree.view_loading")}
        </p>
      )}
      {Panel && tab === TAB_ALTERNATIVES && <Panel {...shared} wsUrl={wsUrl} />}
      {Panel && tab === TAB_VOTING && (
        <Panel
          {...shared}
          rounds={roundList}
          roundsLoaded={rounds.loaded}
          round={shown}
          roundError={detail.error}
          onRoundChanged={(data) => {
            detail.set(data);
            rounds.refresh();
          }}
          refreshRound={() => {
            rounds.refresh();
            return detail.refresh();
          }}
          onChooseRound={(id) => setChosenId(id)}
          decisions={decisionList}
          refreshDecisions={decisions.refresh}
        />
      )}
      {Panel && tab === TAB_DECISIONS && (
        <Panel {...shared} wsUrl={projector ? "" : wsUrl} decisions={decisionList} loaded={decisions.loaded} />
      )}
      {Panel && tab === TAB_COMMITMENTS && <Panel {...shared} wsUrl={wsUrl} />}
      {Panel && tab === TAB_ROADMAP && <Panel {...shared} wsUrl={wsUrl} />}
    </section>
  );
}

function RoundBanner({ round, onTab, t }) {
  return (
    <div class="notice round-banner" role="status">
      <p>
        <strong>{t("voting.banner")}</strong> {round.question ? `«${round.question}»` : ""}
      </p>
      <button type="button" class="button button--primary button--small" onClick={() => onTab(TAB_VOTING)}>
        {t("voting.banner_go")}
      </button>
    </div>
  );
}
