import type { BulkProgress } from "../api/executionStream";

/** "Retrying 12 of 40…" / "Cancelling 3 of 5…": how far a bulk retry or cancel has come, as the dialog says it. */
export function bulkProgressWords(progress: Pick<BulkProgress, "action" | "processed" | "total">): string {
  return `${progress.action === "retry" ? "Retrying" : "Cancelling"} ${Math.min(progress.processed, progress.total)} of ${progress.total}…`;
}

/**
 * The progress report to show while a bulk action of `action` runs: the furthest one of that action heard since it began
 * (the stream may bring them out of order; a report of another action is someone else's). Null keeps `current`.
 */
export function nextBulkProgress(current: BulkProgress | null, heard: BulkProgress, action: BulkProgress["action"]): BulkProgress | null {
  if (heard.action !== action) {
    return current;
  }
  if (current && current.bulkId === heard.bulkId && current.processed >= heard.processed) {
    return current;
  }
  return heard;
}
