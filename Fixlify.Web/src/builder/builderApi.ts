import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import type { components } from "../api/schema";

export type Catalog = components["schemas"]["Catalog"];
export type CatalogAction = Catalog["actions"][number];
export type CatalogTrigger = Catalog["triggers"][number];
export type NodeKind = Catalog["nodeKinds"][number];
export type DryRun = components["schemas"]["DryRun"];
export type DryRunStep = components["schemas"]["DryRunStep"];
export type StepStats = components["schemas"]["StepStats"];
export type RecordSummary = components["schemas"]["Record"];
export type WorkflowInput = components["schemas"]["WorkflowInput"];
export type Schema = Record<string, unknown>;

/** What the builder offers; it changes only with the app, so it is kept for the session. */
export function useCatalog() {
  return useQuery({ queryKey: keys.catalog, queryFn: ({ signal }) => call(api.GET("/api/catalog", { signal })), staleTime: Infinity, retry: 1 });
}

/** A period of the counts on the canvas. */
export const countPeriods = {
  "24h": { label: "Last 24 hours", hours: 24 },
  "7d": { label: "Last 7 days", hours: 24 * 7 },
  "30d": { label: "Last 30 days", hours: 24 * 30 },
} as const;

export type CountPeriod = keyof typeof countPeriods;

export function useStepStats(workflowId: string | null, period: CountPeriod) {
  return useQuery({
    queryKey: keys.stepStats(workflowId, period),
    enabled: workflowId !== null,
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - countPeriods[period].hours * 3600_000);
      return call(
        api.GET("/api/workflows/{id}/step-stats", { params: { path: { id: workflowId! }, query: { from: from.toISOString(), to: to.toISOString() } }, signal }),
      );
    },
  });
}

/** The record kinds a trigger can be tried on: its own entity, or (manual, schedules) any of them. */
export function recordTypesFor(trigger: CatalogTrigger | undefined): RecordSummary["type"][] {
  const entity = trigger?.entity;
  if (entity === "job" || entity === "invoice" || entity === "client" || entity === "estimate") {
    return [entity];
  }
  return trigger?.records.includes("job") ? ["job", "invoice", "client", "estimate"] : [];
}

/** The context naming a record, as a manual run and a dry run take it: `{"jobId": "…"}`. */
export function contextFor(record: RecordSummary | null): Record<string, string> {
  return record ? { [`${record.type}Id`]: record.id } : {};
}
