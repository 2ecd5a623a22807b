import { useCallback, useMemo, useState } from "react";
import { keyOf, type Draft } from "../draft";
import { record, redo, replace, startHistory, undo, type History } from "../history";

const sameDraft = (a: Draft, b: Draft) => a === b || keyOf(a) === keyOf(b);

/** A change of the draft: the new draft from the present one. */
export type DraftChange = (draft: Draft) => Draft;

/**
 * The draft the person edits, with its undo/redo history. `commit` records a step to undo (an edit); `quietly` replaces
 * the present without one (a selection, a node being dragged, its measured size); `reset` starts over from another draft
 * (theirs, after a conflict). `key` is the draft as the API takes it, as JSON: equal keys are the same workflow.
 */
export function useDraftHistory(initial: Draft) {
  const [history, setHistory] = useState<History<Draft>>(() => startHistory(initial));
  const draft = history.present;
  const key = useMemo(() => keyOf(draft), [draft]);
  const commit = useCallback((change: DraftChange) => setHistory((h) => record(h, change(h.present), sameDraft)), []);
  const quietly = useCallback((change: DraftChange) => setHistory((h) => replace(h, change(h.present))), []);
  const reset = useCallback((next: Draft) => setHistory(startHistory(next)), []);
  const stepBack = useCallback(() => setHistory(undo), []);
  const stepForward = useCallback(() => setHistory(redo), []);
  return {
    draft,
    key,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    commit,
    quietly,
    reset,
    undo: stepBack,
    redo: stepForward,
  };
}

export type DraftHistory = ReturnType<typeof useDraftHistory>;
