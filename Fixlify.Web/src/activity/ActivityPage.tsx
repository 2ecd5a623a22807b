import { useAudit, useTimeZone } from "../api/queries";
import { EmptyState } from "../ui/EmptyState";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { AuditList } from "./AuditList";

/** `/activity`: every change anyone made in the organization — automations, runs, suppressions, erasures — newest first. */
export function ActivityPage() {
  const timeZone = useTimeZone();
  const audit = useAudit(undefined);
  const entries = audit.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section>
      <div className="page-head">
        <h1>Activity</h1>
      </div>
      <p className="muted">Who changed what: automations created, saved, switched on or off, run, deleted; runs cancelled or retried; numbers not to text; clients erased.</p>
      {audit.isPending ? (
        <Skeleton rows={6} label="Loading activity…" />
      ) : audit.isError ? (
        <ErrorBanner error={audit.error} onRetry={() => void audit.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title="No changes yet.">
          <p>Each change anyone makes to the automations appears here, with who made it and when.</p>
        </EmptyState>
      ) : (
        <>
          <AuditList entries={entries} timeZone={timeZone} label="Changes, newest first" />
          {audit.hasNextPage && (
            <button type="button" className="button" onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
              {audit.isFetchingNextPage ? "Loading…" : "Show older changes"}
            </button>
          )}
        </>
      )}
    </section>
  );
}
