import { useEffect, useEffectEvent } from "react";

export type Shortcuts = { undo: () => void; redo: () => void; copy: () => void; paste: (text: string | null | undefined) => void };

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/**
 * The builder's keys while no field has the focus: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl/⌘+Y redo, Ctrl/⌘+C copy, and
 * pasting (the system's paste event, whatever its key).
 */
export function useShortcuts(actions: Shortcuts) {
  const undo = useEffectEvent(() => actions.undo());
  const redo = useEffectEvent(() => actions.redo());
  const copy = useEffectEvent(() => actions.copy());
  const paste = useEffectEvent((text: string | null | undefined) => actions.paste(text));
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || !(event.ctrlKey || event.metaKey)) {
        return;
      }
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if ((key === "z" && event.shiftKey) || key === "y") {
        event.preventDefault();
        redo();
      } else if (key === "c") {
        copy();
      }
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!typing(event.target)) {
        paste(event.clipboardData?.getData("text/plain"));
      }
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("paste", onPaste);
    };
  }, []);
}
