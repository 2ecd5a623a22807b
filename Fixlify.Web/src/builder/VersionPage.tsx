import { useCallback, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys, useTimeZone } from "../api/queries";
import type { Workflow, WorkflowVersion } from "../api/types";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { formatWhen } from "../ui/format";
import { BuilderCanvas } from "./BuilderCanvas";
import { useCatalog, type Catalog } from "./builderApi";
import type { CanvasOverlay, StepChange } from "./canvasOverlay";
import { useCanvasGraph } from "./hooks/useCanvasGraph";
import type { DraftChange } from "./hooks/useDraftHistory";
import { layOut } from "./layout";
import { draftOf, needsLayout } from "./savedDraft";
import { wordsOf } from "./words/catalogWords";
import { triggerSentence } from "./words/plainWords";
import "@xyflow/react/dist/style.css";
import "./builder.css";

const noChange = () => {};

/**
 * `/workflows/:id/versions/:version?against=n`: an older (or the live) version opened read-only, with what differs from
 * another version (by default the one before it) drawn on the canvas — steps added or changed marked, the changed
 * settings in words, removed steps listed — and a way back to it: restoring makes a new version equal to it.
 */
export default function VersionPage() {
  const { id = "", version = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const number = Number(version);
  const against = search.get("against") ? Number(search.get("against")) : null;
  const catalog = useCatalog();
  const workflow = useQuery({
    queryKey: keys.workflow(id),
    queryFn: ({ signal }) => call(api.GET("/api/workflows/{id}", { params: { path: { id } }, signal })),
  });
  // The versions to compare with: the latest hundred (the API's largest page).
  const history = useQuery({
    queryKey: [...keys.versions(id), "compare"],
    queryFn: ({ signal }) => call(api.GET("/api/workflows/{id}/versions", { params: { path: { id }, query: { limit: 100 } }, signal })),
  });
  const saved = useQuery({
    queryKey: keys.version(id, number, against),
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/workflows/{id}/versions/{version}", {
          params: { path: { id, version: String(number) }, query: against ? { against } : {} },
          signal,
        }),
      ),
  });
  if (catalog.isPending || workflow.isPending || saved.isPending) {
    return <Skeleton rows={4} label="Opening the version…" />;
  }
  if (catalog.isError || workflow.isError || saved.isError) {
    return (
      <section>
        <h1>Version {version}</h1>
        <ErrorBanner error={catalog.error ?? workflow.error ?? saved.error} />
        <Link to={`/workflows/${id}`}>Back to the automation</Link>
      </section>
    );
  }
  const others = (history.data?.items ?? []).map((v) => v.version).filter((v) => v !== number);
  return (
    <Opened
      key={`${number}-${saved.data.against ?? "none"}`}
      catalog={catalog.data}
      workflow={workflow.data}
      saved={saved.data}
      others={others}
      onAgainst={(value) => setSearch(value ? { against: String(value) } : {})}
    />
  );
}

function Opened({
  catalog,
  workflow,
  saved,
  others,
  onAgainst,
}: {
  catalog: Catalog;
  workflow: Workflow;
  saved: WorkflowVersion;
  others: number[];
  onAgainst: (version: number | null) => void;
}) {
  const timeZone = useTimeZone();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const draft = useMemo(() => {
    const asSaved = { ...workflow, triggerType: saved.triggerType, triggerConfig: saved.triggerConfig, nodes: saved.nodes, edges: saved.edges, steps: saved.steps, schedule: saved.schedule };
    const d = draftOf(asSaved);
    return needsLayout(asSaved) ? { ...d, nodes: layOut(d.nodes, d.edges) } : d;
  }, [workflow, saved]);
  const knownKinds = useMemo(() => new Set(catalog.nodeKinds.map((k) => k.kind)), [catalog]);
  const words = useMemo(() => wordsOf(catalog), [catalog]);
  // React Flow measures the nodes through their changes: kept here (read-only, nothing else changes, nothing is saved).
  const [shown, setShown] = useState(draft);
  const apply = useCallback((change: DraftChange) => setShown((d) => change(d)), []);
  const graph = useCanvasGraph(shown, true, knownKinds, new Map(), null, apply, apply);
  const changes = useMemo(
    () => new Map<string, StepChange>(saved.changes.filter((c) => c.change !== "removed").map((c) => [c.stepId, { change: c.change, fields: c.fields }])),
    [saved.changes],
  );
  const removed = saved.changes.filter((c) => c.change === "removed");
  const overlay: CanvasOverlay = {
    problems: new Map(),
    dryRun: new Map(),
    live: new Map(),
    counts: null,
    handles: new Map(catalog.nodeKinds.map((k) => [k.kind, k.handles])),
    knownKinds,
    timeZone,
    triggerType: draft.triggerType,
    words,
    triggerSentence: triggerSentence(words, draft.triggerType, draft.triggerConfig),
    changes,
  };

  const restore = async () => {
    setRestoring(true);
    setError(null);
    try {
      const updated = await call(
        api.POST("/api/workflows/{id}/versions/{version}/restore", {
          params: { path: { id: workflow.id, version: String(saved.version) } },
          headers: { "If-Match": workflow.etag },
        }),
      );
      client.setQueryData(keys.workflow(updated.id), updated);
      void client.invalidateQueries({ queryKey: keys.versions(updated.id) });
      navigate(`/workflows/${updated.id}`);
    } catch (failure) {
      setError(failure);
      setConfirming(false);
    } finally {
      setRestoring(false);
    }
  };

  return (
    <section className="version-page" aria-labelledby="version-heading">
      <p>
        <Link to={`/workflows/${workflow.id}`}>Back to “{workflow.name}”</Link>
      </p>
      <h1 id="version-heading">
        Version {saved.version} of “{workflow.name}” {saved.live ? "(live)" : "(read-only)"}
      </h1>
      <p className="muted">
        Saved {formatWhen(saved.savedAt, timeZone)}
        {saved.savedBy ? ` by ${saved.savedBy}` : ""} · {saved.summary}
      </p>
      <label className="field">
        Compared with
        <select value={saved.against ?? ""} onChange={(e) => onAgainst(e.target.value ? Number(e.target.value) : null)}>
          <option value="">Nothing</option>
          {others.map((v) => (
            <option key={v} value={v}>
              Version {v}
            </option>
          ))}
        </select>
      </label>
      {saved.against !== null && (
        <div aria-label="Differences">
          {saved.changes.length === 0 && saved.triggerChanges.length === 0 ? (
            <p>No differences from version {saved.against}.</p>
          ) : (
            <ul aria-label={`Differences from version ${saved.against}`}>
              {saved.triggerChanges.map((t) => (
                <li key={t}>{t}</li>
              ))}
              {saved.changes.map((c) => (
                <li key={c.stepId}>
                  {c.change === "added" ? `Added “${c.label}”` : c.change === "removed" ? `Removed “${c.label}”` : c.fields.join("; ")}
                </li>
              ))}
            </ul>
          )}
          {removed.length > 0 && <p className="muted">Removed steps are not on this version's canvas.</p>}
        </div>
      )}
      {error !== null && <ErrorBanner error={error} title="The version was not restored." />}
      {!saved.live && (
        <p>
          <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>
            Restore version {saved.version}
          </button>
        </p>
      )}
      <BuilderCanvas
        nodes={graph.nodes}
        edges={graph.edges}
        nodeTypes={graph.nodeTypes}
        overlay={overlay}
        readOnly
        onNodesChange={graph.onNodesChange}
        onEdgesChange={graph.onEdgesChange}
        onConnect={graph.onConnect}
        isValidConnection={graph.isValidConnection}
        onInit={noChange}
        onDrop={noChange}
        fitView
      />
      <ConfirmDialog
        open={confirming}
        title={`Restore version ${saved.version}?`}
        confirmLabel={`Restore version ${saved.version}`}
        busy={restoring}
        onConfirm={() => void restore()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          A new version equal to version {saved.version} becomes live; executions keep the version they started on.
        </p>
      </ConfirmDialog>
    </section>
  );
}
