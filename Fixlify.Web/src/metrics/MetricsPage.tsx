import { Link } from "react-router";
import { metricRanges, useAllWorkflows, useMetrics, useOutcomes, type MetricRange } from "../api/queries";
import { EmptyState } from "../ui/EmptyState";
import { ErrorBanner } from "../ui/ErrorBanner";
import { SelectField } from "../ui/SelectField";
import { Skeleton } from "../ui/Skeleton";
import { useSearchFilters } from "../ui/useSearchFilters";
import { GoalOutcomesSection } from "./GoalOutcomesSection";
import { MetricsView } from "./MetricsView";

/**
 * `/metrics`: for the organization or one automation, over the last 24 hours (by hour) or 7 or 30 days (by day): first
 * what each automation with a goal achieved (the goal reached, its value, and the difference from the held-out group),
 * then what the automations did (texts and emails sent, tasks created, replies and confirmations, failures that need
 * someone), then how they ran (executions, success rate, time) — as charts, and the same numbers as a table.
 */
export default function MetricsPage() {
  const [search, set] = useSearchFilters();
  const workflowId = search.get("workflowId") || undefined;
  const chosen = search.get("range") as MetricRange | null;
  const range: MetricRange = chosen && metricRanges[chosen] ? chosen : "7d";
  const metrics = useMetrics(workflowId, range);
  const outcomes = useOutcomes(workflowId, range);
  const workflows = useAllWorkflows();
  const failed = metrics.isError ? metrics : outcomes.isError ? outcomes : null;

  return (
    <section>
      <h1>Metrics</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what to measure">
        <SelectField id="m-workflow" label="Automation" value={workflowId ?? ""} anyLabel="All automations" options={(workflows.data ?? []).map((w) => [w.id, w.name] as const)} onChange={(v) => set("workflowId", v)} />
        <SelectField id="m-range" label="Period" value={range} options={Object.entries(metricRanges).map(([v, r]) => [v, r.label] as const)} onChange={(v) => set("range", v)} />
      </form>
      {workflows.data && (
        <GoalOutcomesSection workflows={workflows.data.filter((w) => !workflowId || w.id === workflowId)} days={Math.max(1, metricRanges[range].hours / 24)} />
      )}
      {failed ? (
        <ErrorBanner error={failed.error} onRetry={() => void failed.refetch()} />
      ) : !metrics.data || !outcomes.data ? (
        <Skeleton rows={6} label="Loading metrics…" />
      ) : metrics.data.totals.executions === 0 && outcomes.data.series.length === 0 ? (
        <EmptyState title="No executions in this period.">
          <p>Numbers appear here as soon as an automation runs.</p>
          <p>
            <Link to="/">Go to your automations</Link>
          </p>
        </EmptyState>
      ) : (
        <MetricsView metrics={metrics.data} outcomes={outcomes.data} workflowId={workflowId} />
      )}
    </section>
  );
}
