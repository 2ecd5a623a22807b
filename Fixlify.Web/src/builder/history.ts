/** Undo and redo over snapshots of what the person edits (the graph and the workflow's settings). */
export type History<T> = { past: T[]; present: T; future: T[] };

/** How many steps back undo reaches. */
export const historyLimit = 100;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** A new present; what was undone is gone (a new branch of edits). Equal snapshots are not recorded twice. */
export function record<T>(history: History<T>, next: T, same: (a: T, b: T) => boolean = Object.is): History<T> {
  if (same(history.present, next)) {
    return history;
  }
  return { past: [...history.past, history.present].slice(-historyLimit), present: next, future: [] };
}

/** Replaces the present without a step to undo (e.g. a node's measured size, a selection). */
export function replace<T>(history: History<T>, present: T): History<T> {
  return { ...history, present };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  return previous === undefined ? history : { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  return next === undefined ? history : { past: [...history.past, history.present], present: next, future: rest };
}
