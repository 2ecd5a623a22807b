import { Link } from "react-router";
import { useVersions } from "../api/queries";
import { ErrorBanner } from "../ui/ErrorBanner";
import { formatWhen, plural } from "../ui/format";

/**
 * The workflow's history, newest first: each version with when and by whom it was saved, what changed in a line, and the
 * executions started on it and running now; each opens read-only with its differences drawn on the canvas. A page at a
 * time: "Show older versions" loads the next.
 */
export function HistoryPanel({ workflowId, timeZone }: { workflowId: string; timeZone: string }) {
  const history = useVersions(workflowId);
  const versions = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="panel-section history-panel" aria-labelledby="history-heading">
      <h3 id="history-heading">History</h3>
      {history.isError && <ErrorBanner error={history.error} title="The history could not be loaded." onRetry={() => void history.refetch()} />}
      {history.data && (
        <ol className="version-list" aria-label="Versions">
          {versions.map((v) => (
            <li key={v.version} className={v.live ? "version is-live" : "version"}>
              <p className="version-head">
                <Link to={`/workflows/${workflowId}/versions/${v.version}`}>Version {v.version}</Link>
                {v.live && <span className="badge">Live</span>}
              </p>
              <p className="version-summary">{v.summary}</p>
              <p className="muted">
                {formatWhen(v.savedAt, timeZone)}
                {v.savedBy ? ` · ${v.savedBy}` : ""} · {plural(v.executionsStarted, "execution")} started
                {v.runningNow > 0 ? `, ${v.runningNow} running now` : ""}
              </p>
            </li>
          ))}
        </ol>
      )}
      {history.hasNextPage && (
        <button type="button" className="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? "Loading…" : "Show older versions"}
        </button>
      )}
    </section>
  );
}
