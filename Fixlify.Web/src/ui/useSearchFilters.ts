import { useCallback } from "react";
import { useSearchParams } from "react-router";

/**
 * A screen's filters in the URL's query string (shareable, kept on reload and Back): the current values, and a setter
 * that replaces one (an empty value removes it) without adding a history entry per change.
 */
export function useSearchFilters(): [URLSearchParams, (name: string, value: string) => void] {
  const [search, setSearch] = useSearchParams();
  const set = useCallback(
    (name: string, value: string) =>
      setSearch(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) {
            next.set(name, value);
          } else {
            next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  return [search, set];
}
