// «Alternativas», a chunk: the solution alternatives of the mesa, each with
// the means it addresses, its authors and its reasoned response; the form to
// propose one (a title and the means of the objective tree it addresses);
// and, over a second Yjs provider to `<id>/alternatives`, each title and
// description written together, with the same rules as the tree
// (docs/realtime.md): editable only when the server's awareness entry for
// that document lists my role in `editable_by`, a fresh doc after a 4403.
// A second view, «Revisión de factibilidad y viabilidad», is a chunk of its
// own (assessment-view.jsx), loaded the first time it is opened.

import { useEffect, useMemo, useState } from "preact/hooks";
import { AlternativeCard } from "./alternative-card.jsx";
import { AlternativeNotices } from "./alternative-notices.jsx";
import { TITLE_MAX, alternativesMap, nodeNames, seedsFromTree } from "./alternatives-model.js";
import { ARTIFACT_ALTERNATIVES, AWARENESS_USER } from "./document-schema.js";
import { DocumentStatus } from "./document-status.jsx";
import { RoomConnection } from "./room-connection.js";
import { useLazyModule } from "./lazy-module.js";
import { fetchTree } from "./tree-api.js";
import { useLiveResource } from "./use-live-resource.js";
import { proposeAlternative } from "./voting-api.js";
import "./room-kit.js";
import "./stage-kit.js";

const PROPOSAL_PHASE = "alternativas";
const VIEW_LIST = "list";
const VIEW_REVIEW = "review";

/** One RoomConnection to the alternatives document while the panel is open. */
const useAlternativesDocument = (wsUrl, workshopId, me) => {
  const [state, setState] = useState(null);
  const [connection, setConnection] = useState(null);
  useEffect(() => {
    const localState = {
      [AWARENESS_USER]: { id: me.participant_id, name: me.name, sector: me.sector, role: me.role },
    };
    const room = new RoomConnection({ url: wsUrl, room: `${workshopId}/${ARTIFACT_ALTERNATIVES}`, localState }, setState);
    setConnection(room);
    setState(room.state);
    return () => room.destroy();
  }, [wsUrl, workshopId]);
  return { state, connection };
};

/** Re-renders when alternatives appear in (or leave) the document; calls `onUnknown` for ids the list lacks. */
const useDocumentEntries = (doc, knownIds, onUnknown) => {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return undefined;
    const map = alternativesMap(doc);
    const check = () => {
      setVersion((v) => v + 1);
      if ([...map.keys()].some((id) => !knownIds.has(id))) onUnknown();
    };
    map.observe(check);
    check();
    return () => map.unobserve(check);
  }, [doc, knownIds]);
};

/**
 * @param {object} props
 * @param {string} props.workshopId
 * @param {string} props.phase
 * @param {{participant_id: string, role: string, name: string, sector: string}} props.me
 * @param {Map<string, string>} props.names
 * @param {import("./stage.jsx").AlternativesState} props.alternatives
 * @param {string} props.wsUrl
 * @param {boolean} props.projector
 * @param {string} props.lang
 * @param {(key: string, params?: object) => string} props.t
 */
export function AlternativesPanel({ workshopId, phase, me, names, alternatives, wsUrl, projector, lang, t }) {
  const { state, connection } = useAlternativesDocument(wsUrl, workshopId, me);
  const [view, setView] = useState(VIEW_LIST);
  const reviewChunk = useLazyModule("assessment-view", () => import("./assessment-view.jsx"), view === VIEW_REVIEW);
  const ReviewView = reviewChunk.module && reviewChunk.module.AssessmentView;
  const tree = useLiveResource(() => fetchTree(workshopId, { networkMessage: t("error.network") }), {
    key: workshopId,
  });
  const seeds = useMemo(() => seedsFromTree(tree.data), [tree.data]);
  const nodes = useMemo(() => nodeNames(tree.data), [tree.data]);
  const knownIds = useMemo(() => new Set(alternatives.list.map((a) => a.id)), [alternatives.list]);

  const session = state && state.session;
  const doc = session && session.synced ? session.doc : null;
  useDocumentEntries(doc, knownIds, alternatives.refresh);

  const server = state && state.server;
  const editableBy = server && Array.isArray(server.editable_by) ? server.editable_by : [];
  const usable = Boolean(session && session.synced && !session.rejected && !state.terminal);
  const editable = usable && editableBy.includes(me.role) && !projector;
  const canPropose = phase === PROPOSAL_PHASE && me.role !== "observer" && !projector;
  const isFacilitator = me.role === "facilitator" && !projector;

  let readOnly = "";
  if (me.role === "observer") readOnly = t("alternatives.readonly_observer");
  else if (usable && !editable && !projector) readOnly = t("alternatives.readonly_phase");

  const views = (
    <nav class="subview-nav" aria-label={t("assessment.views")}>
      {[VIEW_LIST, VIEW_REVIEW].map((id) => (
        <button
          key={id}
          type="button"
          class="subview-tab"
          data-view={id}
          aria-pressed={view === id ? "true" : "false"}
          onClick={() => setView(id)}
        >
          {t(`assessment.view_${id}`)}
        </button>
      ))}
    </nav>
  );
  if (view === VIEW_REVIEW) {
    return (
      <div class="alternatives">
        {views}
        {ReviewView ? (
          <ReviewView
            workshopId={workshopId}
            phase={phase}
            me={me}
            alternatives={alternatives}
            names={names}
            lang={lang}
            projector={projector}
            t={t}
          />
        ) : (
          <p class="tree-loading" role="status">
            {reviewChunk.failed ? t("tree.view_load_failed") : t("tree.view_loading")}
          </p>
        )}
      </div>
    );
  }

  return (
    <div class="alternatives">
      {views}
      <p class="stage-intro">{t("alternatives.intro")}</p>
      <AlternativeNotices doc={doc} workshopId={workshopId} me={me} titleOf={alternatives.titleOf} t={t} />
      <DocumentStatus
        state={state}
        connection={connection}
        liveText={(words) => t("alternatives.live", { state: words })}
        forbiddenText={t("alternatives.close_forbidden")}
        t={t}
      />
      {readOnly && (
        <p class="notice notice--readonly" role="note">
          {readOnly}
        </p>
      )}
      {canPropose && (
        <ProposeForm
          workshopId={workshopId}
          seeds={seeds}
          treeLoaded={tree.loaded}
          onProposed={alternatives.refresh}
          t={t}
        />
      )}
      <h3 class="alternatives-count">{t("alternatives.count", { count: alternatives.list.length })}</h3>
      {alternatives.loaded && alternatives.list.length === 0 && <p class="tree-empty">{t("alternatives.none")}</p>}
      <ol class="alternative-list">
        {alternatives.list.map((alternative, index) => (
          <AlternativeCard
            key={alternative.id}
            index={index}
            alternative={alternative}
            all={alternatives.list}
            doc={doc}
            editable={editable}
            nodes={nodes}
            names={names}
            workshopId={workshopId}
            isFacilitator={isFacilitator}
            phase={phase}
            onResponded={alternatives.refresh}
            t={t}
          />
        ))}
      </ol>
    </div>
  );
}

function ProposeForm({ workshopId, seeds, treeLoaded, onProposed, t }) {
  const [title, setTitle] = useState("");
  const [addresses, setAddresses] = useState([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");

  const toggle = (id, on) => setAddresses((list) => (on ? [...list, id] : list.filter((item) => item !== id)));
  const submit = async (event) => {
    event.preventDefault();
    const clean = title.trim();
    if (!clean) {
      setError(t("alternatives.title_needed"));
      return;
    }
    setBusy(true);
    setError("");
    setDone("");
    try {
      const chosen = seeds.map((seed) => seed.id).filter((id) => addresses.includes(id));
      await proposeAlternative(workshopId, { title: clean, addresses: chosen }, { networkMessage: t("error.network") });
      setTitle("");
      setAddresses([]);
      setDone(t("alternatives.proposed", { title: clean }));
      await onProposed();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="propose card" onSubmit={submit} aria-labelledby="propose-heading">
      <h3 id="propose-heading">{t("alternatives.propose_title")}</h3>
      <div class="field">
        <label for="propose-title">{t("alternatives.title_label")}</label>
        <input
          id="propose-title"
          type="text"
          maxLength={TITLE_MAX}
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
      </div>
      <fieldset class="field propose-means">
        <legend>{t("alternatives.addresses_label")}</legend>
        <p class="field-hint">{t("alternatives.addresses_hint")}</p>
        {!treeLoaded && <p class="tree-loading">{t("alternatives.means_loading")}</p>}
        {treeLoaded && seeds.length === 0 && <p class="tree-empty">{t("alternatives.no_means")}</p>}
        <div class="choices">
          {seeds.map((seed) => (
            <label class="choice" key={seed.id}>
              <input
                type="checkbox"
                checked={addresses.includes(seed.id)}
                onChange={(event) => toggle(seed.id, event.currentTarget.checked)}
              />
              <span class="means-choice">
                <span class="means-objective">{seed.objective || t("alternatives.no_objective")}</span>
                <span class="means-cause">{t("alternatives.from_cause", { text: seed.text })}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <p class="field-hint">{t("alternatives.description_later")}</p>
      <button type="submit" class="button button--primary" disabled={busy}>
        {t("alternatives.propose")}
      </button>
      <p class="form-message form-message--error" role="alert">
        {error}
      </p>
      <p class="form-message form-message--done" role="status">
        {done}
      </p>
    </form>
  );
}
