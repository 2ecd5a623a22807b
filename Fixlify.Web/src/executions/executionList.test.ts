import { describe, expect, it } from "vitest";
import type { InfiniteData } from "@tanstack/react-query";
import type { Execution, ExecutionPage } from "../api/types";
import { flatten, matches, upsert } from "./executionList";

const execution = (id: string, createdAt: string, patch: Partial<Execution> = {}): Execution => ({
  id,
  workflowId: "w1",
  workflowVersion: 2,
  status: "processing",
  triggerType: "job_completed",
  trigger: {},
  record: null,
  client: null,
  eventId: null,
  createdAt,
  startedAt: createdAt,
  completedAt: null,
  executionTimeMs: null,
  error: null,
  warnings: [],
  steps: [],
  ...patch,
});

const pages = (...items: Execution[][]): InfiniteData<ExecutionPage, unknown> => ({
  pages: items.map((page, i) => ({ items: page, nextCursor: i < items.length - 1 ? `c${i}` : null })),
  pageParams: items.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
});

describe("upsert", () => {
  const older = execution("a", "2026-03-03T10:00:00Z");
  const newer = execution("b", "2026-03-03T11:00:00Z");

  it("puts a new execution on top, once", () => {
    const fresh = execution("c", "2026-03-03T12:00:00Z");
    const once = upsert(pages([newer, older]), fresh, {});
    const twice = upsert(once, fresh, {});

    expect(flatten(twice).map((e) => e.id)).toEqual(["c", "b", "a"]);
  });

  it("replaces an execution in place when its status changes", () => {
    const data = upsert(pages([newer], [older]), { ...older, status: "completed" }, {});

    expect(flatten(data).map((e) => [e.id, e.status])).toEqual([
      ["b", "processing"],
      ["a", "completed"],
    ]);
  });

  it("leaves out what the filters do not take, and drops one that no longer matches", () => {
    const failedOnly = { status: "failed" as const };
    const data = pages([execution("f", "2026-03-03T09:00:00Z", { status: "failed" })]);

    expect(upsert(data, newer, failedOnly)).toBe(data);
    expect(flatten(upsert(data, execution("f", "2026-03-03T09:00:00Z", { status: "completed" }), failedOnly))).toEqual([]);
    expect(upsert(data, execution("z", "2026-03-03T12:00:00Z", { workflowVersion: 1, status: "failed" }), { workflowVersion: 2 })).toBe(data);
  });

  it("does not add one older than everything loaded while more pages remain (it is on a later page)", () => {
    const data = pages([newer], [older]);
    const moreToLoad = { ...data, pages: [data.pages[0]!, { ...data.pages[1]!, nextCursor: "c9" }] };

    expect(upsert(moreToLoad, execution("old", "2026-03-01T00:00:00Z"), {})).toBe(moreToLoad);
  });
});

describe("matches", () => {
  it("takes 'from' as inclusive and 'to' as exclusive, as the API does", () => {
    const e = execution("a", "2026-03-03T10:00:00Z");
    expect(matches(e, { from: "2026-03-03T10:00:00Z" })).toBe(true);
    expect(matches(e, { to: "2026-03-03T10:00:00Z" })).toBe(false);
    expect(matches(e, { workflowId: "w2" })).toBe(false);
  });
});
