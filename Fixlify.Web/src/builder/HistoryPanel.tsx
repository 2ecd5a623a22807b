import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import { ErrorBanner } from "../ui/ErrorBanner";
import { formatWhen, plural } from "../ui/format";

/**
 * The workflow's history, newest first: each version with when and by whom it was saved, what changed in a line, and the
 * executions started on it and running now; each opens read-only with its differences drawn on the canvas.
 */
export function HistoryPanel({ workflowId, timeZone }: { workflowId: string; timeZone: string }) {
  const history = useQuery({
    queryKey: keys.versions(workflowId),
    queryFn: ({ signal }) => call(api.GET("/api/workflows/{id}/versions", { params: { path: { id: workflowId } }, signal })),
  });
  return (
    <section className="panel-section history-panel" aria-labelledby="history-heading">
      <h3 id="history-heading">History</h3>
      {history.isError && <ErrorBanner error={history.error} title="The history could not be loaded." onRetry={() => void history.refetch()} />}
      {history.data && (
        <ol className="version-list" aria-label="Versions">
          {history.data.items.map((v) => (
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
    </section>
  );
}
