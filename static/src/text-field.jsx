// A <textarea> bound to a Y.Text: each input becomes one splice on the shared
// text, and remote changes update the field while keeping the caret in place.

import { useEffect, useRef } from "preact/hooks";
import { diffText, transformIndex } from "./text-diff.js";
import { spliceText } from "./tree-model.js";

const supportsFieldSizing =
  typeof CSS !== "undefined" && typeof CSS.supports === "function" && CSS.supports("field-sizing", "content");

const autosize = (element) => {
  if (supportsFieldSizing || !element) return;
  element.style.height = "auto";
  element.style.height = `${element.scrollHeight + 2}px`;
};

// A focused field unmounted because its document was swapped (the browser's
// offline copy for the live doc, or a fresh doc after a refusal) hands its
// caret to the field with the same id mounted right after, so typing goes on.
const HANDOFF_MS = 1000;
let handoff = null;

/**
 * Collaborative text field.
 * @param {object} props
 * @param {import("yjs").Text} props.ytext
 * @param {string} props.id
 * @param {string} props.label accessible name
 * @param {boolean} props.readOnly
 * @param {boolean} [props.autoFocus]
 * @param {string} [props.placeholder]
 * @param {string} [props.className]
 * @param {number} [props.maxLength]
 * @param {number} [props.tabIndex] -1 keeps it out of the tab order (a roving tab stop elsewhere)
 * @param {() => void} [props.onFocus]
 * @param {() => void} [props.onBlur]
 * @param {(value: string) => void} [props.onValue] called with the text after every change
 * @param {string} [props.describedBy] ids of what describes the field (its issues), for aria-describedby
 * @param {boolean} [props.invalid] sets aria-invalid
 * @param {boolean} [props.singleLine] a one-line text (a name): Enter adds no line, pasted lines are joined
 */
export function YTextField({
  ytext,
  id,
  label,
  readOnly,
  autoFocus,
  placeholder,
  className,
  maxLength,
  tabIndex,
  onFocus,
  onBlur,
  onValue,
  describedBy,
  invalid,
  singleLine,
}) {
  const ref = useRef(null);
  const onValueRef = useRef(onValue);
  onValueRef.current = onValue;
  const onBlurRef = useRef(onBlur);
  onBlurRef.current = onBlur;

  useEffect(() => {
    const element = ref.current;
    element.value = ytext.toString();
    autosize(element);
    if (onValueRef.current) onValueRef.current(element.value);
    const observer = (event) => {
      const next = ytext.toString();
      if (element.value !== next) {
        const focused = document.activeElement === element;
        const { selectionStart, selectionEnd, selectionDirection } = element;
        element.value = next;
        if (focused) {
          element.setSelectionRange(
            transformIndex(selectionStart, event.delta),
            transformIndex(selectionEnd, event.delta),
            selectionDirection || "none",
          );
        }
        autosize(element);
      }
      if (onValueRef.current) onValueRef.current(next);
    };
    ytext.observe(observer);
    const idle = !document.activeElement || document.activeElement === document.body;
    if (handoff && handoff.id === id && Date.now() - handoff.at < HANDOFF_MS && idle && !element.readOnly) {
      const { start, end } = handoff;
      handoff = null;
      element.focus();
      element.setSelectionRange(Math.min(start, element.value.length), Math.min(end, element.value.length));
    }
    const onResize = () => autosize(element);
    if (!supportsFieldSizing) window.addEventListener("resize", onResize);
    return () => {
      // A field removed while focused (its node was deleted) gets no blur event.
      if (document.activeElement === element) {
        handoff = { id, start: element.selectionStart, end: element.selectionEnd, at: Date.now() };
        if (onBlurRef.current) onBlurRef.current();
      }
      ytext.unobserve(observer);
      if (!supportsFieldSizing) window.removeEventListener("resize", onResize);
    };
  }, [ytext]);

  useEffect(() => {
    if (autoFocus && ref.current) {
      const element = ref.current;
      element.focus();
      element.setSelectionRange(element.value.length, element.value.length);
    }
  }, [autoFocus]);

  const handleInput = (event) => {
    const element = event.currentTarget;
    if (readOnly) {
      element.value = ytext.toString();
      return;
    }
    if (singleLine && /[\r\n]/.test(element.value)) element.value = element.value.replace(/\s*[\r\n]+\s*/g, " ");
    spliceText(ytext, diffText(ytext.toString(), element.value));
    autosize(element);
  };

  return (
    <textarea
      ref={ref}
      id={id}
      class={className}
      rows={1}
      aria-label={label}
      aria-describedby={describedBy || undefined}
      aria-invalid={invalid ? "true" : undefined}
      readOnly={readOnly}
      placeholder={placeholder}
      maxLength={maxLength}
      tabindex={tabIndex}
      spellcheck={true}
      onInput={handleInput}
      onKeyDown={singleLine ? (event) => event.key === "Enter" && event.preventDefault() : undefined}
      onFocus={onFocus}
      onBlur={onBlur}
    />
  );
}
