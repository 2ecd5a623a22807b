import { useMemo } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { ApiError } from "../../api/ApiError";
import { keys } from "../../api/queries";
import type { Draft } from "../draft";
import { placeProblems, type FieldProblem, type PlacedProblem } from "../problems";
import { useDebouncedValue } from "./useDebouncedValue";

/** The problems of one draft (`POST /api/workflows/validate`); a 400 with errors is the validation's own answer. */
async function validate(draftKey: string, signal: AbortSignal): Promise<FieldProblem[]> {
  try {
    return (await call(api.POST("/api/workflows/validate", { body: JSON.parse(draftKey), signal }))).errors;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400 && error.errors.length > 0) {
      return error.errors;
    }
    throw error;
  }
}

/**
 * Validation while editing: a query keyed by the draft, asked once the draft has rested 400 ms (equal drafts share one
 * answer, so undo back to a checked draft is checked at once). Every problem is placed on its node and field; the last
 * answer stays shown while the next draft is checked.
 */
export function useValidation(draft: Draft, draftKey: string) {
  const settledKey = useDebouncedValue(draftKey, 400);
  const query = useQuery({
    queryKey: keys.validation(settledKey),
    queryFn: ({ signal }) => validate(settledKey, signal),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 30_000,
    retry: false,
  });
  const checking = settledKey !== draftKey || query.isFetching || query.isPlaceholderData;
  const answered = query.data;
  const problems: PlacedProblem[] = useMemo(
    () =>
      answered
        ? placeProblems(answered, draft.nodes, draft.edges.map((e) => e.source), draft.nodes.find((n) => n.type === "trigger")?.id ?? null)
        : [],
    [answered, draft.nodes, draft.edges],
  );
  const problemsByNode = useMemo(() => {
    const map = new Map<string, PlacedProblem[]>();
    for (const p of problems) {
      if (p.nodeId) {
        map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
      }
    }
    return map;
  }, [problems]);
  const failed = !checking && query.isError ? query.error : null;
  const valid = !checking && !query.isError && answered?.length === 0;
  const status = checking ? "Checking…" : failed ? "Could not check" : problems.length === 0 ? "No problems" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return { problems, problemsByNode, valid, failed, status };
}
