// The room's authoritative state, pushed: one read-only `live` document per
// workshop (`ws://HOST/ws/<workshop id>/live`, docs/realtime.md), one
// connection per page. The server bumps a topic's version after every change
// of it (a phase change, a round opened, a ballot counted, a decision...) and
// keeps the small state every member may read (phase, locks, the rounds'
// participation, the ideation counts). Pages ask for a topic's HTTP resource
// again when its version changes, so nothing polls.

import { useEffect, useState } from "preact/hooks";
import { ARTIFACT_LIVE, LIVE_STATE, LIVE_TOPICS } from "./document-schema.js";
import { RoomConnection } from "./room-connection.js";

/** The open channels of the page, by workshop id (one per workshop). */
const CHANNELS = new Map();

class LiveChannel {
  /**
   * @param {string} url the WebSocket base (`ws://host/ws`)
   * @param {string} workshopId
   */
  constructor(url, workshopId) {
    this.workshopId = workshopId;
    /** topic -> how many changes this page has heard of */
    this.revisions = new Map();
    /** topic -> the version last seen (a fresh doc after a 4403 re-syncs the same) */
    this.versions = new Map();
    /** topic -> its public state */
    this.states = new Map();
    this.listeners = new Set();
    this.doc = null;
    this.connection = new RoomConnection(
      { url, room: `${workshopId}/${ARTIFACT_LIVE}`, localState: null },
      (state) => this.follow(state.session),
    );
    this.follow(this.connection.state.session);
  }

  /** @private watches the doc of the connection's current session */
  follow(session) {
    const doc = session && !session.local ? session.doc : null;
    if (!doc || doc === this.doc) return;
    if (this.doc) this.unwatch();
    this.doc = doc;
    const topics = doc.getMap(LIVE_TOPICS);
    const states = doc.getMap(LIVE_STATE);
    const onTopics = () => this.readTopics(topics);
    const onStates = () => this.readStates(states);
    topics.observe(onTopics);
    states.observe(onStates);
    this.unwatch = () => {
      topics.unobserve(onTopics);
      states.unobserve(onStates);
    };
    this.readTopics(topics);
    this.readStates(states);
  }

  /** @private */
  readTopics(topics) {
    let changed = false;
    topics.forEach((version, topic) => {
      if (this.versions.get(topic) === version) return;
      this.versions.set(topic, version);
      this.revisions.set(topic, (this.revisions.get(topic) || 0) + 1);
      changed = true;
    });
    if (changed) this.emit();
  }

  /** @private */
  readStates(states) {
    let changed = false;
    states.forEach((value, topic) => {
      const text = JSON.stringify(value);
      const known = this.states.get(topic);
      if (known && known.text === text) return;
      this.states.set(topic, { text, value });
      changed = true;
    });
    if (changed) this.emit();
  }

  /** @private */
  emit() {
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * How many changes of these topics this page has heard of (grows by one
   * with each; 0 before the document first syncs).
   * @param {string[]} topics
   */
  revision(topics) {
    return topics.reduce((sum, topic) => sum + (this.revisions.get(topic) || 0), 0);
  }

  /** @param {string} topic */
  state(topic) {
    const known = this.states.get(topic);
    return known ? known.value : null;
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy() {
    if (this.doc) this.unwatch();
    this.listeners.clear();
    this.connection.destroy();
  }
}

/**
 * Opens the page's live channel of a workshop (the room page does, once).
 * @param {string} url
 * @param {string} workshopId
 * @returns {() => void} closes it
 */
export const openLive = (url, workshopId) => {
  let channel = CHANNELS.get(workshopId);
  if (!channel) {
    channel = new LiveChannel(url, workshopId);
    CHANNELS.set(workshopId, channel);
  }
  return () => {
    if (CHANNELS.get(workshopId) !== channel) return;
    CHANNELS.delete(workshopId);
    channel.destroy();
  };
};

/** @param {string} workshopId */
export const liveChannel = (workshopId) => CHANNELS.get(workshopId) || null;

/**
 * A value read from the workshop's live channel, read again after each push
 * (a re-render only when it changed).
 * @template T
 * @param {string} workshopId
 * @param {(channel: LiveChannel) => T} read
 * @param {T} fallback without a channel
 * @param {string} key what `read` depends on besides the channel
 * @returns {T}
 */
const useLive = (workshopId, read, fallback, key) => {
  const channel = liveChannel(workshopId);
  const [value, setValue] = useState(() => (channel ? read(channel) : fallback));
  useEffect(() => {
    if (!channel) return undefined;
    const update = () => setValue(read(channel));
    update();
    return channel.subscribe(update);
  }, [channel, key]);
  return channel ? value : fallback;
};

/**
 * How many pushed changes of `topics` this page has heard of: a dependency
 * for effects that read those topics again.
 * @param {string} workshopId
 * @param {string[]} topics
 * @returns {number}
 */
export const useLiveRevision = (workshopId, topics) =>
  useLive(workshopId, (channel) => channel.revision(topics), 0, topics.join(" "));

/**
 * The public state of a topic, as last pushed (null before it is known).
 * @param {string} workshopId
 * @param {string} topic
 * @returns {any}
 */
export const useLiveState = (workshopId, topic) => useLive(workshopId, (channel) => channel.state(topic), null, topic);
