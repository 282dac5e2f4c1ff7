// The timer's warning sound: a short tone at 30 s and a longer one at zero,
// made with Web Audio (no file to load). On the display by default; on a
// phone only if the person turns it on (remembered on this device).

import { useEffect, useRef, useState } from "preact/hooks";

const SOUND_KEY = "cocrea.timer_sound";

/** Plays `count` beeps of `ms` at `hz`; silently nothing where audio is unavailable. */
export const beep = (count, ms, hz = 880) => {
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    const audio = new Context();
    for (let i = 0; i < count; i += 1) {
      const start = audio.currentTime + i * ((ms * 1.6) / 1000);
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = hz;
      gain.gain.setValueAtTime(0.25, start);
      gain.gain.exponentialRampToValueAtTime(0.001, start + ms / 1000);
      tone.connect(gain).connect(audio.destination);
      tone.start(start);
      tone.stop(start + ms / 1000);
    }
    setTimeout(() => audio.close(), count * ms * 2 + 200);
  } catch {
    // no audio here: the warning stays visual
  }
};

/**
 * Whether this device sounds the timer, and a switch for it.
 * @param {boolean} byDefault on for the display, off for phones
 * @returns {[boolean, (on: boolean) => void]}
 */
export const useSoundSetting = (byDefault) => {
  const [on, setOn] = useState(() => {
    try {
      const stored = window.localStorage.getItem(SOUND_KEY);
      return stored === null ? byDefault : stored === "1";
    } catch {
      return byDefault;
    }
  });
  const set = (value) => {
    setOn(value);
    try {
      window.localStorage.setItem(SOUND_KEY, value ? "1" : "0");
    } catch {
      // private mode: this page remembers
    }
  };
  return [on, set];
};

/**
 * Sounds when the timer's stage turns to «warning» or «done» (not when a
 * page opens on a timer already there).
 * @param {string} stage timerStage()
 * @param {boolean} enabled
 */
export const useTimerSound = (stage, enabled) => {
  const last = useRef(stage);
  useEffect(() => {
    const before = last.current;
    last.current = stage;
    if (!enabled || before === stage || before === "none") return;
    if (stage === "warning") beep(1, 180);
    if (stage === "done") beep(3, 300, 660);
  }, [stage, enabled]);
};
