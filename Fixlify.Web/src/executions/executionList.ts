import type { InfiniteData } from "@tanstack/react-query";
import type { Execution, ExecutionPage, ExecutionStatus, TriggerType } from "../api/types";

/** The Executions screen's filters, as the URL's search parameters hold them (dates are instants, ISO 8601). */
export interface ExecutionFilter {
  workflowId?: string;
  status?: ExecutionStatus;
  triggerType?: TriggerType;
  from?: string;
  to?: string;
  workflowVersion?: number;
}

/** Whether the list filtered by `filter` would show `execution` (the API's rules: from inclusive, to exclusive). */
export function matches(execution: Execution, filter: ExecutionFilter): boolean {
  const created = Date.parse(execution.createdAt);
  return (
    (!filter.workflowId || execution.workflowId === filter.workflowId) &&
    (!filter.status || execution.status === filter.status) &&
    (!filter.triggerType || execution.triggerType === filter.triggerType) &&
    (!filter.from || created >= Date.parse(filter.from)) &&
    (!filter.to || created < Date.parse(filter.to)) &&
    (filter.workflowVersion === undefined || execution.workflowVersion === filter.workflowVersion)
  );
}

/** Newest first, as the API orders them: by creation time, then id. */
function newerFirst(a: Execution, b: Execution): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The loaded pages with `execution` as it is now: replaced where it was, added in its place among the first page's
 * newer ones when the filter takes it and it is newer than the last loaded one, removed when the filter no longer
 * takes it (a status filter). Returns the same object when nothing changed.
 */
export function upsert(data: InfiniteData<ExecutionPage, unknown> | undefined, execution: Execution, filter: ExecutionFilter) {
  if (!data) {
    return data;
  }
  const wanted = matches(execution, filter);
  let found = false;
  const pages = data.pages.map((page) => {
    const index = page.items.findIndex((item) => item.id === execution.id);
    if (index < 0) {
      return page;
    }
    found = true;
    const items = [...page.items];
    if (wanted) {
      items[index] = execution;
    } else {
      items.splice(index, 1);
    }
    return { ...page, items };
  });
  if (found) {
    return { ...data, pages };
  }
  if (!wanted || pages.length === 0) {
    return data;
  }
  const loaded = pages.flatMap((page) => page.items);
  const oldest = loaded[loaded.length - 1];
  const morePages = pages[pages.length - 1]?.nextCursor != null;
  if (oldest && morePages && newerFirst(execution, oldest) > 0) {
    // Older than everything loaded while more pages exist: it belongs to a page not loaded yet.
    return data;
  }
  const first = pages[0]!;
  const items = [...first.items, execution].sort(newerFirst);
  return { ...data, pages: [{ ...first, items }, ...pages.slice(1)] };
}

/** Every execution the loaded pages hold, in order. */
export function flatten(data: InfiniteData<ExecutionPage, unknown> | undefined): Execution[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

const finalStatuses: ReadonlySet<ExecutionStatus> = new Set(["completed", "failed", "cancelled", "held_out"]);

export function isFinished(status: ExecutionStatus): boolean {
  return finalStatuses.has(status);
}
