import { useCallback, useMemo, useRef } from "react";

/** A fresh key: a UUID where the browser has one (secure contexts), else random enough for one person's clicks. */
function newKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") {
    return crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * `Idempotency-Key`s for requests that create something, one per intended creation: every click (a double click, a
 * retry after an error) that means the same creation sends the same key, so the server makes it once and answers each
 * with it; after it succeeded, `done` forgets the key and the next click is a new creation.
 */
export function useIdempotencyKeys() {
  const keys = useRef(new Map<string, string>());
  const keyFor = useCallback((intent: string) => {
    let key = keys.current.get(intent);
    if (key === undefined) {
      key = newKey();
      keys.current.set(intent, key);
    }
    return key;
  }, []);
  const done = useCallback((intent: string) => {
    keys.current.delete(intent);
  }, []);
  return useMemo(() => ({ keyFor, done }), [keyFor, done]);
}
