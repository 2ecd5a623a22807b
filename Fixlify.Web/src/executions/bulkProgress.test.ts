import { describe, expect, it } from "vitest";
import { bulkProgressWords, nextBulkProgress } from "./bulkProgress";
import type { BulkProgress } from "../api/executionStream";

const report = (processed: number, action: BulkProgress["action"] = "retry", bulkId = "b1"): BulkProgress => ({ bulkId, action, processed, total: 40 });

describe("bulkProgressWords", () => {
  it("says how far a retry or a cancel has come, in words", () => {
    expect(bulkProgressWords(report(12))).toBe("Retrying 12 of 40…");
    expect(bulkProgressWords(report(3, "cancel"))).toBe("Cancelling 3 of 40…");
  });
});

describe("nextBulkProgress", () => {
  it("keeps the furthest report of the running action, and ignores another action's", () => {
    let shown: BulkProgress | null = null;
    for (const heard of [report(1), report(12), report(5), report(7, "cancel", "b2")]) {
      shown = nextBulkProgress(shown, heard, "retry");
    }

    expect(shown).toEqual(report(12));
  });
});
