import { Link } from "react-router";
import { useAudit, useTimeZone } from "../api/queries";
import { ErrorBanner } from "../ui/ErrorBanner";
import { AuditList } from "./AuditList";

/** A workflow's latest changes (the five newest), under its builder; the whole list is on the Activity page. */
export function RecentChanges({ workflowId }: { workflowId: string }) {
  const timeZone = useTimeZone();
  const audit = useAudit(workflowId, 5);
  const entries = audit.data?.pages[0]?.items ?? [];

  return (
    <section className="recent-changes" aria-labelledby="recent-changes-title">
      <h2 id="recent-changes-title">Recent changes</h2>
      {audit.isError ? (
        <ErrorBanner error={audit.error} onRetry={() => void audit.refetch()} />
      ) : audit.isPending ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="muted">No changes recorded yet.</p>
      ) : (
        <AuditList entries={entries} timeZone={timeZone} label="Recent changes of this automation" />
      )}
      <Link to="/activity">All activity</Link>
    </section>
  );
}
