import { useMemo } from "react";
import { Link } from "react-router";
import { addDays, format } from "date-fns";
import { useAllWorkflows, useExecutions, useTimeZone } from "../api/queries";
import type { ExecutionStatus, TriggerType } from "../api/types";
import { EmptyState } from "../ui/EmptyState";
import { ErrorBanner } from "../ui/ErrorBanner";
import { LiveBadge } from "../ui/LiveBadge";
import { Skeleton } from "../ui/Skeleton";
import { StatusBadge } from "../ui/StatusBadge";
import { formatDuration, formatWhen, startOfDayIn, zoneWords } from "../ui/format";
import { useSearchFilters } from "../ui/useSearchFilters";
import { BulkActions } from "./BulkActions";
import { ExecutionFilters } from "./ExecutionFilters";
import { flatten, type ExecutionFilter } from "./executionList";
import { recordLabel } from "./recordSummary";
import { startedBy } from "./startedBy";

/** `/executions`: newest first, filtered, a page at a time; new executions and status changes arrive live. */
export function ExecutionsPage() {
  const [search, onChange] = useSearchFilters();
  const timeZone = useTimeZone();
  const workflows = useAllWorkflows();
  const filter = useMemo(() => toFilter(search, timeZone), [search, timeZone]);
  const executions = useExecutions(filter);
  const names = new Map((workflows.data ?? []).map((w) => [w.id, w.name]));
  const rows = flatten(executions.data);
  const filtered = Object.values(filter).some((v) => v !== undefined);

  return (
    <section>
      <div className="page-head">
        <h1>Executions</h1>
        <LiveBadge />
      </div>
      <ExecutionFilters values={search} workflows={workflows.data ?? []} onChange={onChange} />
      <BulkActions filter={filter} />
      {executions.isPending ? (
        <Skeleton rows={8} label="Loading executions…" />
      ) : !executions.data ? (
        <ErrorBanner error={executions.error} onRetry={() => void executions.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={filtered ? "No execution matches these filters." : "No executions yet."}>
          <p>
            {filtered
              ? "Change or clear the filters above."
              : "Each time an automation runs, it appears here as it happens — no need to reload."}
          </p>
        </EmptyState>
      ) : (
        <>
          <table className="table executions">
            <caption className="visually-hidden">Executions, newest first. Times in {zoneWords(timeZone)}.</caption>
            <thead>
              <tr>
                <th scope="col">Automation</th>
                <th scope="col">Status</th>
                <th scope="col">Record</th>
                <th scope="col">Client</th>
                <th scope="col">Started by</th>
                <th scope="col">Created</th>
                <th scope="col">Took</th>
                <th scope="col">Version</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((execution) => {
                const name = (execution.workflowId && names.get(execution.workflowId)) || "Deleted automation";
                const when = formatWhen(execution.createdAt, timeZone, undefined, true);
                return (
                  <tr key={execution.id}>
                    <td data-label="Automation">
                      <Link to={`/executions/${execution.id}`}>
                        {name}
                        <span className="visually-hidden">, {when}</span>
                      </Link>
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={execution.status} />
                    </td>
                    <td data-label="Record">{recordLabel(execution.record) ?? "—"}</td>
                    <td data-label="Client">{execution.client?.name ?? "—"}</td>
                    <td data-label="Started by">{startedBy(execution.triggerType, execution.trigger)}</td>
                    <td data-label="Created">{when}</td>
                    <td data-label="Took">{formatDuration(execution.executionTimeMs)}</td>
                    <td data-label="Version">{execution.workflowVersion ?? "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {executions.hasNextPage && (
            <button type="button" className="button" onClick={() => void executions.fetchNextPage()} disabled={executions.isFetchingNextPage}>
              {executions.isFetchingNextPage ? "Loading…" : "Show more executions"}
            </button>
          )}
          {executions.isError && (
            <ErrorBanner
              error={executions.error}
              onRetry={() => void (executions.isFetchNextPageError ? executions.fetchNextPage() : executions.refetch())}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The URL's filters as the API takes them; days are whole days of the organization's zone, "to" included. */
function toFilter(search: URLSearchParams, timeZone: string): ExecutionFilter {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const from = search.get("from");
  const to = search.get("to");
  const version = Number(search.get("version"));
  const nextDay = (d: string) => format(addDays(new Date(`${d}T12:00:00`), 1), "yyyy-MM-dd");
  return {
    workflowId: search.get("workflowId") || undefined,
    status: (search.get("status") || undefined) as ExecutionStatus | undefined,
    triggerType: (search.get("trigger") || undefined) as TriggerType | undefined,
    from: from && day.test(from) ? startOfDayIn(from, timeZone) : undefined,
    to: to && day.test(to) ? startOfDayIn(nextDay(to), timeZone) : undefined,
    workflowVersion: Number.isInteger(version) && version > 0 ? version : undefined,
  };
}
