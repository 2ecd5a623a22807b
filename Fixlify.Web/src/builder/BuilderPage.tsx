import { useMemo } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import type { Workflow } from "../api/types";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { Builder } from "./Builder";
import { draftOf, needsLayout } from "./savedDraft";
import { useCatalog, type Catalog } from "./builderApi";
import type { Draft } from "./draft";
import { triggerId } from "./graph";
import { layOut } from "./layout";
import { usePermissions } from "../auth/permissions";
import { RecentChanges } from "../activity/RecentChanges";

/**
 * `/workflows/:id` (and `/workflows/new?name=&trigger=`): the visual builder, its own chunk. Loads the catalog and the
 * workflow, lays out a definition that has no positions (linear steps, a graph without them), and opens read-only with
 * the reason when the definition holds a kind of step this version cannot show.
 */
export default function BuilderPage() {
  const { id = "" } = useParams();
  const [search] = useSearchParams();
  const isNew = id === "new";
  const catalog = useCatalog();
  const workflow = useQuery({
    queryKey: keys.workflow(id),
    enabled: !isNew,
    queryFn: ({ signal }) => call(api.GET("/api/workflows/{id}", { params: { path: { id } }, signal })),
    staleTime: Infinity,
  });

  if (catalog.isPending || (!isNew && workflow.isPending)) {
    return <Skeleton rows={4} label="Opening the builder…" />;
  }
  if (catalog.isError || (!isNew && workflow.isError)) {
    return (
      <section>
        <h1>Automation</h1>
        {catalog.isError && <ErrorBanner error={catalog.error} title="The builder's list of steps could not be loaded." onRetry={() => void catalog.refetch()} />}
        {workflow.isError && <ErrorBanner error={workflow.error} onRetry={() => void workflow.refetch()} />}
        <Link to="/">Back to automations</Link>
      </section>
    );
  }
  return (
    <Opened
      key={isNew ? "new" : `${id}`}
      catalog={catalog.data}
      workflow={isNew ? null : workflow.data!}
      name={search.get("name")}
      triggerType={search.get("trigger")}
    />
  );
}

function Opened({ catalog, workflow, name, triggerType }: { catalog: Catalog; workflow: Workflow | null; name: string | null; triggerType: string | null }) {
  const initial: Draft = useMemo(() => {
    if (!workflow) {
      const type = catalog.triggers.some((t) => t.type === triggerType) ? triggerType! : "job_completed";
      return {
        name: name?.trim() || "New automation",
        triggerType: type,
        triggerConfig: {},
        schedule: catalog.triggers.find((t) => t.type === type)?.scheduleSchema ? {} : null,
        nodes: [{ id: triggerId, type: "trigger", position: { x: 0, y: 0 }, data: {}, selected: true }],
        edges: [],
      };
    }
    const draft = draftOf(workflow);
    return needsLayout(workflow) ? { ...draft, nodes: layOut(draft.nodes, draft.edges) } : draft;
  }, [catalog, workflow, name, triggerType]);
  const { editRefusal } = usePermissions();
  const known = new Set(catalog.nodeKinds.map((k) => k.kind));
  const unknown = [...new Set(initial.nodes.map((n) => n.type ?? "").filter((t) => !known.has(t)))];
  const readOnlyReason =
    unknown.length > 0
      ? `It has step${unknown.length === 1 ? "" : "s"} of a kind this builder does not know (${unknown.join(", ")}), perhaps from another version: it is shown as saved and cannot be changed here.`
      : editRefusal;
  return (
    <>
      <Builder catalog={catalog} workflow={workflow} initial={initial} readOnlyReason={readOnlyReason} laidOut={workflow !== null && needsLayout(workflow)} />
      {workflow && <RecentChanges workflowId={workflow.id} />}
    </>
  );
}
