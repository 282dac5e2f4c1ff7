// The current string of a shared Y.Text, for places that only show it (a
// read-only alternative, a projector). Editing goes through text-field.jsx.

import { useEffect, useState } from "preact/hooks";

/**
 * @param {import("yjs").Text|null} ytext
 * @param {string} [fallback] shown while there is no Y.Text
 * @returns {string}
 */
export const useYText = (ytext, fallback = "") => {
  const [text, setText] = useState(() => (ytext ? ytext.toString() : fallback));
  useEffect(() => {
    if (!ytext) {
      setText(fallback);
      return undefined;
    }
    const update = () => setText(ytext.toString());
    update();
    ytext.observe(update);
    return () => ytext.unobserve(update);
  }, [ytext, fallback]);
  return text;
};
