import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { triggerLabel } from "../ui/labels";

/**
 * `/workflows/:id`: the workflow builder's place (its own chunk, loaded when opened). The canvas comes next; until
 * then this shows the workflow and where to follow its runs.
 */
export default function BuilderPage() {
  const { id = "" } = useParams();
  const workflow = useQuery({ queryKey: ["workflow", id], queryFn: ({ signal }) => call(api.GET("/api/workflows/{id}", { params: { path: { id } }, signal })) });
  if (workflow.isPending) {
    return <Skeleton rows={3} />;
  }
  if (workflow.isError) {
    return (
      <section>
        <h1>Automation</h1>
        <ErrorBanner error={workflow.error} onRetry={() => void workflow.refetch()} />
        <Link to="/">Back to automations</Link>
      </section>
    );
  }
  const w = workflow.data;
  return (
    <section>
      <h1>{w.name}</h1>
      <p>
        {triggerLabel(w.triggerType)} · version {w.version} · {w.isActive ? "on" : "off"}
      </p>
      <p className="banner banner-info">The visual builder for this automation is coming in the next release.</p>
      <p>
        <Link to={`/executions?workflowId=${w.id}`}>See its executions</Link> · <Link to="/">Back to automations</Link>
      </p>
    </section>
  );
}
