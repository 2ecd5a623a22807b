import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, call } from "./client";
import type { Granularity, TemplateCategory, TriggerType, Workflow } from "./types";
import type { ExecutionFilter } from "../executions/executionList";

/** Query keys: one place, so the live stream and mutations update the same caches the screens read. */
export const keys = {
  caller: ["caller"] as const,
  workflows: (filter: { active?: boolean; triggerType?: TriggerType }) => ["workflows", filter] as const,
  allWorkflows: ["workflows", "all"] as const,
  allMetrics: ["metrics"] as const,
  workflowMetrics: ["metrics", "workflows"] as const,
  executions: (filter: ExecutionFilter) => ["executions", filter] as const,
  execution: (id: string) => ["execution", id] as const,
  metrics: (workflowId: string | undefined, range: string) => ["metrics", workflowId ?? "all", range] as const,
  outcomes: (workflowId: string | undefined, range: string) => ["metrics", "outcomes", workflowId ?? "all", range] as const,
  /** One workflow's goal over a period (`GET /api/workflows/{id}/outcomes`). */
  goalOutcomes: (workflowId: string, days: number) => ["metrics", "goal-outcomes", workflowId, days] as const,
  templates: (category: TemplateCategory | undefined) => ["templates", category ?? "all"] as const,
  webConfig: ["web-config"] as const,
  catalog: ["catalog"] as const,
  schedulePreview: (cron: string | null, timeZone: string | null) => ["schedule-preview", cron, timeZone] as const,
  workflow: (id: string) => ["workflow", id] as const,
  /** Every list of workflows (the automations screen's filters and the full list): invalidated after a save. */
  workflowLists: ["workflows"] as const,
  /** Every loaded Executions list (whatever its filter): the live stream puts an execution into each. */
  executionLists: ["executions"] as const,
  /** The validation of one draft, keyed by its body as JSON (equal drafts share one answer). */
  validation: (draftKey: string) => ["validation", draftKey] as const,
  stepStats: (workflowId: string | null, period: string) => ["step-stats", workflowId, period] as const,
  records: (type: string, search: string) => ["records", type, search] as const,
  /** What switching a workflow on would meet (the records that already qualify). */
  activation: (workflowId: string) => ["activation", workflowId] as const,
  /** The audit trail: the whole organization's (Activity) or one workflow's (its builder). */
  audit: (workflowId: string | undefined) => ["audit", workflowId ?? "all"] as const,
  /** Every loaded audit list: invalidated after a change. */
  allAudit: ["audit"] as const,
  /** A workflow's versions (the history panel), one version with its differences, its draft, its executions in flight. */
  versions: (workflowId: string) => ["versions", workflowId] as const,
  version: (workflowId: string, version: number, against: number | null) => ["versions", workflowId, version, against] as const,
  draft: (workflowId: string) => ["draft", workflowId] as const,
  inFlight: (workflowId: string) => ["in-flight", workflowId] as const,
  /** The dry run shown before a real run (Run now's confirmation). */
  runPreview: (workflowId: string, recordId: string) => ["run-preview", workflowId, recordId] as const,
  /** What needs the office's attention (failing automations, outages, messages in doubt). */
  attention: ["attention"] as const,
  alertSettings: ["settings", "alerts"] as const,
};

/** What needs attention now; refreshed every 30 s and after each decision. */
export function useAttention() {
  return useQuery({ queryKey: keys.attention, queryFn: ({ signal }) => call(api.GET("/api/attention", { signal })), refetchInterval: 30_000 });
}

export function useAlertSettings() {
  return useQuery({ queryKey: keys.alertSettings, queryFn: ({ signal }) => call(api.GET("/api/settings/alerts", { signal })) });
}

export const pageSize = 50;

export function useCaller() {
  return useQuery({ queryKey: keys.caller, queryFn: ({ signal }) => call(api.GET("/api/me", { signal })), staleTime: 5 * 60_000 });
}

/** The organization's time zone, in which every time is shown ("UTC" until it is known). */
export function useTimeZone(): string {
  return useCaller().data?.timeZone ?? "UTC";
}

export function useWorkflows(filter: { active?: boolean; triggerType?: TriggerType }) {
  return useInfiniteQuery({
    queryKey: keys.workflows(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call(api.GET("/api/workflows", { params: { query: { ...filter, limit: 100, cursor: pageParam ?? undefined } }, signal })),
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** Every workflow (up to 1,000), for names and the filters' choices. */
export function useAllWorkflows() {
  return useQuery({
    queryKey: keys.allWorkflows,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const all: Workflow[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const answer = await call(api.GET("/api/workflows", { params: { query: { limit: 100, cursor } }, signal }));
        all.push(...answer.items);
        if (!answer.nextCursor) {
          break;
        }
        cursor = answer.nextCursor;
      }
      return all;
    },
  });
}

export function useWorkflowMetrics() {
  return useQuery({
    queryKey: keys.workflowMetrics,
    queryFn: ({ signal }) => call(api.GET("/api/metrics/workflows", { params: { query: { days: 7 } }, signal })),
  });
}

export function useExecutions(filter: ExecutionFilter) {
  return useInfiniteQuery({
    queryKey: keys.executions(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call(api.GET("/api/executions", { params: { query: { ...filter, limit: pageSize, cursor: pageParam ?? undefined } }, signal })),
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useExecution(id: string) {
  return useQuery({
    queryKey: keys.execution(id),
    queryFn: ({ signal }) => call(api.GET("/api/executions/{id}", { params: { path: { id } }, signal })),
  });
}

/** A metrics period: the last 24 hours by hour, or the last 7 or 30 days by day. */
export const metricRanges = {
  "24h": { label: "Last 24 hours, by hour", hours: 24, granularity: "hour" },
  "7d": { label: "Last 7 days, by day", hours: 7 * 24, granularity: "day" },
  "30d": { label: "Last 30 days, by day", hours: 30 * 24, granularity: "day" },
} as const satisfies Record<string, { label: string; hours: number; granularity: Granularity }>;

export type MetricRange = keyof typeof metricRanges;

export function useMetrics(workflowId: string | undefined, range: MetricRange) {
  return useQuery({
    queryKey: keys.metrics(workflowId, range),
    queryFn: ({ signal }) => {
      const { hours, granularity } = metricRanges[range];
      const to = new Date();
      const from = new Date(to.getTime() - hours * 3600_000);
      return call(
        api.GET("/api/metrics", {
          params: { query: { workflowId, granularity, from: from.toISOString(), to: to.toISOString() } },
          signal,
        }),
      );
    },
  });
}

/** What the automations did in the same period as `useMetrics` (texts, emails, tasks, replies, confirmations, failures). */
export function useOutcomes(workflowId: string | undefined, range: MetricRange) {
  return useQuery({
    queryKey: keys.outcomes(workflowId, range),
    queryFn: ({ signal }) => {
      const { hours, granularity } = metricRanges[range];
      const to = new Date();
      const from = new Date(to.getTime() - hours * 3600_000);
      return call(
        api.GET("/api/metrics/outcomes", {
          params: { query: { workflowId, granularity, from: from.toISOString(), to: to.toISOString() } },
          signal,
        }),
      );
    },
  });
}

/** What one workflow's goal came to over the last `days` days: the treated and held-out groups, and the sentence to lead with. */
export function useGoalOutcomes(workflowId: string, days: number, enabled = true) {
  return useQuery({
    queryKey: keys.goalOutcomes(workflowId, days),
    enabled,
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - days * 86400_000);
      return call(
        api.GET("/api/workflows/{id}/outcomes", {
          params: { path: { id: workflowId }, query: { from: from.toISOString(), to: to.toISOString() } },
          signal,
        }),
      );
    },
  });
}

export function useTemplates(category: TemplateCategory | undefined) {
  return useQuery({
    queryKey: keys.templates(category),
    queryFn: ({ signal }) => call(api.GET("/api/templates", { params: { query: { category } }, signal })),
    staleTime: 5 * 60_000,
  });
}

/** A workflow's versions, newest first, a page at a time (the history panel's "Show older versions"). */
export function useVersions(workflowId: string, limit: number = pageSize) {
  return useInfiniteQuery({
    queryKey: [...keys.versions(workflowId), "pages", limit],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) =>
      call(api.GET("/api/workflows/{id}/versions", { params: { path: { id: workflowId }, query: { limit, before: pageParam ?? undefined } }, signal })),
    getNextPageParam: (page) => page.nextBefore,
  });
}

/** Who changed what, newest first, a page at a time: of one workflow when given, else the whole organization's. */
export function useAudit(workflowId: string | undefined, limit: number = pageSize) {
  return useInfiniteQuery({
    queryKey: [...keys.audit(workflowId), limit],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call(api.GET("/api/audit", { params: { query: { workflowId, limit, cursor: pageParam ?? undefined } }, signal })),
    getNextPageParam: (page) => page.nextCursor,
  });
}
