import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { useBlocker, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  applyEdgeChanges,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type NodeTypes,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./builder.css";
import { api, call } from "../api/client";
import { ApiError } from "../api/ApiError";
import type { Workflow } from "../api/types";
import { useTimeZone } from "../api/queries";
import { ErrorBanner } from "../ui/ErrorBanner";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { useExecutionUpdates } from "../executions/liveUpdates";
import { useCaller } from "../api/queries";
import { contextFor, countPeriods, recordTypesFor, useStepStats, type Catalog, type CountPeriod, type DryRun, type DryRunStep, type RecordSummary } from "./builderApi";
import { CanvasOverlayContext, nodeOfStepKey, type CanvasOverlay, type NodeCounts } from "./canvasOverlay";
import { bodyOf, differences, keyOf, type Draft } from "./draft";
import { edgeId, freshId, openHandles, toGraph, triggerId, type StepData, type StepNode } from "./graph";
import { record, redo, replace, startHistory, undo, type History } from "./history";
import { layOut, nodeSize } from "./layout";
import { nodeTitle } from "./nodeText";
import { placeProblems, type PlacedProblem } from "./problems";
import { copySteps, pasteSteps, recall, remember } from "./clipboard";
import { Palette, outputLabel, paletteMime, type PaletteItem } from "./Palette";
import { StepNodeView } from "./StepNodeView";
import { NodePanel } from "./NodePanel";
import { TriggerPanel } from "./TriggerPanel";
import { ProblemList } from "./ProblemList";
import { ConflictDialog } from "./ConflictDialog";
import { BacktestPanel } from "./BacktestPanel";
import { TestPanel } from "./TestPanel";
import { VariablesContext } from "./variables";
import { preloadConfigForm } from "./LazyConfigForm";
import { useIdempotencyKeys } from "../api/useIdempotencyKeys";

type Check =
  | { state: "checking"; key: string }
  | { state: "checked"; key: string; problems: { path: string; message: string }[] }
  | { state: "failed"; key: string; error: unknown };

const sameDraft = (a: Draft, b: Draft) => a === b || keyOf(a) === keyOf(b);

/** The builder's canvas and panels for one workflow (or a new one: `workflow` null). */
export function Builder(props: { catalog: Catalog; workflow: Workflow | null; initial: Draft; readOnlyReason: string | null; laidOut: boolean }) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function Editor({
  catalog,
  workflow: loaded,
  initial,
  readOnlyReason,
  laidOut,
}: {
  catalog: Catalog;
  workflow: Workflow | null;
  initial: Draft;
  readOnlyReason: string | null;
  laidOut: boolean;
}) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const flow = useReactFlow();
  const timeZone = useTimeZone();
  const organizationId = useCaller().data?.organizationId ?? "";
  const [history, setHistory] = useState<History<Draft>>(() => startHistory(initial));
  const draft = history.present;
  const [saved, setSaved] = useState<{ workflow: Workflow | null; key: string }>(() => ({ workflow: loaded, key: loaded ? keyOf(initial) : "" }));
  const workflow = saved.workflow;
  const readOnly = readOnlyReason !== null;
  const currentKey = useMemo(() => keyOf(draft), [draft]);
  const dirty = currentKey !== saved.key;

  const commit = useCallback((change: (d: Draft) => Draft) => setHistory((h) => record(h, change(h.present), sameDraft)), []);
  const quietly = useCallback((change: (d: Draft) => Draft) => setHistory((h) => replace(h, change(h.present))), []);

  // ----- validation while editing (debounced): every problem on its node and field
  const [check, setCheck] = useState<Check>({ state: "checking", key: "" });
  useEffect(() => {
    const controller = new AbortController();
    const key = currentKey;
    const timer = setTimeout(() => {
      setCheck({ state: "checking", key });
      call(api.POST("/api/workflows/validate", { body: JSON.parse(key), signal: controller.signal }))
        .then((answer) => setCheck({ state: "checked", key, problems: answer.errors }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) {
            return;
          }
          // A 400 with errors is the validation's own answer (a body the API refuses before compiling).
          if (error instanceof ApiError && error.status === 400 && error.errors.length > 0) {
            setCheck({ state: "checked", key, problems: error.errors });
          } else {
            setCheck({ state: "failed", key, error });
          }
        });
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [currentKey]);
  const problems: PlacedProblem[] = useMemo(
    () =>
      check.state === "checked"
        ? placeProblems(check.problems, draft.nodes, draft.edges.map((e) => e.source), draft.nodes.find((n) => n.type === "trigger")?.id ?? null)
        : [],
    [check, draft.nodes, draft.edges],
  );
  const problemsByNode = useMemo(() => {
    const map = new Map<string, PlacedProblem[]>();
    for (const p of problems) {
      if (p.nodeId) {
        map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
      }
    }
    return map;
  }, [problems]);
  const valid = check.state === "checked" && check.key === currentKey && check.problems.length === 0;

  // ----- save with If-Match; a 412 offers reload or overwrite. The first save creates the workflow, once however often
  // it is clicked (one Idempotency-Key per draft until it succeeds; an edited draft is another request, with another key).
  const keys = useIdempotencyKeys();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<{ theirs: Workflow; differences: string[] } | null>(null);
  const save = async (force = false) => {
    setSaving(true);
    setSaveError(null);
    const body = bodyOf(draft);
    try {
      if (!workflow) {
        const created = await call(api.POST("/api/workflows", { body: { ...body, isActive: false }, headers: { "Idempotency-Key": keys.keyFor(keyOf(draft)) } }));
        keys.done(keyOf(draft));
        setSaved({ workflow: created, key: keyOf(draft) });
        void client.invalidateQueries({ queryKey: ["workflows"] });
        client.setQueryData(["workflow", created.id], created);
        navigate(`/workflows/${created.id}`, { replace: true });
      } else {
        const etag = force && conflict ? conflict.theirs.etag : workflow.etag;
        const updated = await call(api.PUT("/api/workflows/{id}", { params: { path: { id: workflow.id } }, body, headers: { "If-Match": etag } }));
        setSaved({ workflow: updated, key: keyOf(draft) });
        setConflict(null);
        client.setQueryData(["workflow", updated.id], updated);
        void client.invalidateQueries({ queryKey: ["workflows"] });
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && workflow) {
        const theirs = await call(api.GET("/api/workflows/{id}", { params: { path: { id: workflow.id } } }));
        const theirDraft = draftOf(theirs);
        setConflict({ theirs, differences: differences(body, bodyOf(theirDraft)) });
      } else {
        setSaveError(error);
      }
    } finally {
      setSaving(false);
    }
  };
  const loadTheirs = () => {
    if (!conflict) {
      return;
    }
    const theirs = draftOf(conflict.theirs);
    const placed = { ...theirs, nodes: needsLayout(conflict.theirs) ? layOut(theirs.nodes, theirs.edges) : theirs.nodes };
    setHistory(startHistory(placed));
    setSaved({ workflow: conflict.theirs, key: keyOf(placed) });
    setConflict(null);
  };

  useEffect(() => preloadConfigForm(), []);

  // ----- leaving with unsaved changes asks first
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname && !saving);
  useEffect(() => {
    if (!dirty) {
      return;
    }
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // ----- activation
  const [activating, setActivating] = useState<boolean | null>(null);
  const [activateError, setActivateError] = useState<unknown>(null);
  const setActive = async (active: boolean) => {
    if (!workflow) {
      return;
    }
    setActivating(active);
    setActivateError(null);
    try {
      const updated = await call(
        active
          ? api.POST("/api/workflows/{id}/activate", { params: { path: { id: workflow.id } } })
          : api.POST("/api/workflows/{id}/deactivate", { params: { path: { id: workflow.id } } }),
      );
      setSaved((s) => ({ ...s, workflow: updated }));
      void client.invalidateQueries({ queryKey: ["workflows"] });
    } catch (error) {
      setActivateError(error);
    } finally {
      setActivating(null);
    }
  };

  // ----- dry run on a real record (of the draft as it is), refreshed as the person edits
  const trigger = catalog.triggers.find((t) => t.type === draft.triggerType);
  const [picked, setPicked] = useState<RecordSummary | null>(null);
  const [dryRun, setDryRun] = useState<{ report: DryRun; key: string } | null>(null);
  const [dryRunError, setDryRunError] = useState<unknown>(null);
  const [trying, setTrying] = useState(false);
  const tryIt = useCallback(async () => {
    if (!workflow || !picked) {
      return;
    }
    setTrying(true);
    setDryRunError(null);
    const key = currentKey;
    try {
      const report = await call(
        api.POST("/api/workflows/{id}/test", { params: { path: { id: workflow.id } }, body: { context: contextFor(picked), definition: JSON.parse(key) } }),
      );
      setDryRun({ report, key });
    } catch (error) {
      setDryRunError(error);
    } finally {
      setTrying(false);
    }
  }, [workflow, picked, currentKey]);
  useEffect(() => {
    if (dryRun && valid && dryRun.key !== currentKey && !trying) {
      const timer = setTimeout(() => void tryIt(), 600);
      return () => clearTimeout(timer);
    }
  }, [dryRun, valid, currentKey, trying, tryIt]);
  const dryRunByNode = useMemo(() => {
    const map = new Map<string, DryRunStep[]>();
    for (const step of dryRun?.report.steps ?? []) {
      const id = step.stepId || nodeOfStepKey(step.stepKey ?? "");
      map.set(id, [...(map.get(id) ?? []), step]);
    }
    return map;
  }, [dryRun]);

  // ----- run now, and follow this workflow's latest execution live from the stream
  const [live, setLive] = useState<{ executionId: string; status: string; steps: Map<string, string> } | null>(null);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const follow = useCallback(async (executionId: string) => {
    setLive({ executionId, status: "pending", steps: new Map() });
    try {
      const execution = await call(api.GET("/api/executions/{id}", { params: { path: { id: executionId } } }));
      setLive((current) => {
        if (!current || current.executionId !== executionId) {
          return current;
        }
        const steps = new Map(current.steps);
        for (const step of execution.steps) {
          if (!steps.has(nodeOfStepKey(step.stepKey))) {
            steps.set(nodeOfStepKey(step.stepKey), step.status);
          }
        }
        return { ...current, status: current.status === "pending" ? execution.status : current.status, steps };
      });
    } catch {
      // The stream's next update still moves the nodes.
    }
  }, []);
  const runNow = async () => {
    if (!workflow || !picked) {
      return;
    }
    setRunning(true);
    setRunError(null);
    try {
      const started = await call(api.POST("/api/workflows/{id}/run", { params: { path: { id: workflow.id } }, body: { context: contextFor(picked) } }));
      void follow(started.executionId);
    } catch (error) {
      setRunError(error);
    } finally {
      setRunning(false);
    }
  };
  const [period, setPeriod] = useState<CountPeriod>("7d");
  const stats = useStepStats(workflow?.id ?? null, period);
  const statsTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useExecutionUpdates((update) => {
    if (!workflow || update.workflowId !== workflow.id) {
      return;
    }
    if (live?.executionId !== update.executionId) {
      void follow(update.executionId);
    }
    setLive((current) => {
      if (!current || current.executionId !== update.executionId) {
        return { executionId: update.executionId, status: update.status, steps: update.stepKey && update.stepStatus ? new Map([[nodeOfStepKey(update.stepKey), update.stepStatus]]) : new Map() };
      }
      const steps = new Map(current.steps);
      if (update.stepKey && update.stepStatus) {
        steps.set(nodeOfStepKey(update.stepKey), update.stepStatus);
      }
      return { ...current, status: update.status, steps };
    });
    clearTimeout(statsTimer.current);
    statsTimer.current = setTimeout(() => void stats.refetch(), 1000);
  });
  useEffect(() => () => clearTimeout(statsTimer.current), []);
  const counts = useMemo(() => {
    if (!stats.data) {
      return null;
    }
    const map = new Map<string, NodeCounts>();
    for (const step of stats.data.steps) {
      const id = nodeOfStepKey(step.stepKey);
      const c = map.get(id) ?? { passed: 0, failed: 0, skipped: 0, waiting: 0 };
      map.set(id, { passed: c.passed + step.completed, failed: c.failed + step.failed, skipped: c.skipped + step.skipped + step.suppressed, waiting: c.waiting + step.waitingNow });
    }
    for (const node of draft.nodes) {
      if (!map.has(node.id) && node.type !== "trigger") {
        map.set(node.id, { passed: 0, failed: 0, skipped: 0, waiting: 0 });
      }
    }
    return map;
  }, [stats.data, draft.nodes]);

  // A workflow that fits at a readable size is shown whole; a long one opens at its trigger (zoomed out that far, no
  // step could be read).
  const frame = useCallback(
    (nodes: StepNode[]) => {
      const start = nodes.find((n) => n.type === "trigger") ?? nodes[0];
      if (nodes.length <= 40 || !start) {
        void flow.fitView({ padding: 0.15, maxZoom: 1 });
      } else {
        void flow.setCenter(start.position.x + nodeSize.width / 2, start.position.y + 320, { zoom: 0.8 });
      }
    },
    [flow],
  );

  // ----- the canvas; a definition laid out on opening is laid out again once its nodes are measured, if one turned out
  // bigger than the size the layout assumed (only then could two overlap; a second layout of 300 nodes costs ~0.5 s)
  const measured = useNodesInitialized();
  const relaid = useRef(!laidOut);
  useEffect(() => {
    if (!measured || relaid.current || !draft.nodes.every((n) => n.measured?.height)) {
      return;
    }
    relaid.current = true;
    if (!draft.nodes.some((n) => (n.measured?.height ?? 0) > nodeSize.height || (n.measured?.width ?? 0) > nodeSize.width)) {
      return;
    }
    const present = { ...draft, nodes: layOut(draft.nodes, draft.edges) };
    const wasSaved = saved.key === keyOf(draft);
    setHistory((h) => replace(h, present));
    if (wasSaved) {
      setSaved((s) => ({ ...s, key: keyOf(present) }));
    }
    requestAnimationFrame(() => frame(present.nodes));
  }, [measured, draft, saved.key, frame]);
  const handlesByKind = useMemo(() => new Map(catalog.nodeKinds.map((k) => [k.kind, k.handles])), [catalog]);
  const knownKinds = useMemo(() => new Set(catalog.nodeKinds.map((k) => k.kind)), [catalog]);
  const overlay: CanvasOverlay = useMemo(
    () => ({
      problems: problemsByNode,
      dryRun: dryRunByNode,
      live: live?.steps ?? new Map(),
      counts,
      handles: handlesByKind,
      knownKinds,
      timeZone,
      triggerType: draft.triggerType,
    }),
    [problemsByNode, dryRunByNode, live, counts, handlesByKind, knownKinds, timeZone, draft.triggerType],
  );
  const nodeTypes: NodeTypes = useMemo(() => {
    const types: NodeTypes = {};
    for (const kind of [...knownKinds, ...draft.nodes.map((n) => n.type ?? "unknown")]) {
      types[kind] = StepNodeView;
    }
    return types;
    // Only a new kind changes the map (a new map re-mounts every node).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [knownKinds, [...new Set(draft.nodes.map((n) => n.type))].sort().join()]);
  const shownNodes = useMemo(
    () => draft.nodes.map((n) => ({ ...n, ariaLabel: nodeTitle(n.type, n.data, draft.triggerType), deletable: !readOnly && n.type !== "trigger", draggable: !readOnly })),
    [draft.nodes, draft.triggerType, readOnly],
  );
  const pathEdges = useMemo(() => {
    const visited = new Set(dryRunByNode.keys());
    const liveVisited = new Set(live?.steps.keys() ?? []);
    const branch = new Map<string, string | null | undefined>();
    for (const [id, steps] of dryRunByNode) {
      branch.set(id, steps[0]?.branch ?? null);
    }
    return (edge: Edge) => {
      const ran = (visited.has(edge.target) && (visited.has(edge.source) || edge.source === triggerId)) || (liveVisited.has(edge.target) && (liveVisited.has(edge.source) || edge.source === triggerId));
      const taken = branch.get(edge.source);
      return ran && (!edge.sourceHandle || edge.sourceHandle === "body" || edge.sourceHandle === "done" || taken === edge.sourceHandle || taken === undefined);
    };
  }, [dryRunByNode, live]);
  const shownEdges = useMemo(
    () =>
      draft.edges.map((e) => ({
        ...e,
        className: pathEdges(e) ? "on-path" : undefined,
        animated: pathEdges(e),
        deletable: !readOnly,
      })),
    [draft.edges, pathEdges, readOnly],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      const lasting = changes.some((c) => c.type === "remove" || c.type === "add" || (c.type === "position" && c.dragging === false));
      (lasting ? commit : quietly)((d) => {
        const nodes = applyNodeChanges(changes, d.nodes);
        const ids = new Set(nodes.map((n) => n.id));
        return { ...d, nodes, edges: d.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
      });
    },
    [commit, quietly],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const lasting = changes.some((c) => c.type === "remove" || c.type === "add");
      (lasting ? commit : quietly)((d) => ({ ...d, edges: applyEdgeChanges(changes, d.edges) }));
    },
    [commit, quietly],
  );
  const isValidConnection = useCallback(
    (connection: Connection | Edge) =>
      connection.source !== connection.target &&
      draft.nodes.find((n) => n.id === connection.target)?.type !== "trigger" &&
      !draft.edges.some((e) => e.source === connection.source && (e.sourceHandle ?? null) === (connection.sourceHandle ?? null)),
    [draft],
  );
  const onConnect = useCallback(
    (connection: Connection) =>
      commit((d) => ({
        ...d,
        edges: [...d.edges, { id: edgeId(connection.source, connection.sourceHandle, connection.target), source: connection.source, target: connection.target, sourceHandle: connection.sourceHandle ?? null }],
      })),
    [commit],
  );

  // ----- palette: add after the selected step on the chosen output, or where dropped
  const selected = draft.nodes.filter((n) => n.selected);
  const selectedNode = selected.length === 1 ? selected[0]! : null;
  const outputs = useMemo(() => {
    if (!selectedNode) {
      return [];
    }
    const title = nodeTitle(selectedNode.type, selectedNode.data, draft.triggerType);
    return openHandles(selectedNode, draft.edges, handlesByKind.get(selectedNode.type ?? "") ?? [null]).map((h) => ({
      value: JSON.stringify([selectedNode.id, h]),
      label: outputLabel(title, h),
    }));
  }, [selectedNode, draft.edges, draft.triggerType, handlesByKind]);
  const [chosenOutput, setChosenOutput] = useState("");
  const output = outputs.some((o) => o.value === chosenOutput) ? chosenOutput : (outputs[0]?.value ?? "");
  const newNode = (item: PaletteItem, taken: string[], position: { x: number; y: number }): StepNode => {
    const id = freshId(item.actionType ?? ({ delay: "wait", condition: "check", loop: "repeat" } as Record<string, string>)[item.kind] ?? item.kind, taken);
    const data: StepData = item.kind === "action" ? { actionType: item.actionType, config: {} } : item.kind === "condition" ? { config: { all: [] } } : { config: {} };
    return { id, type: item.kind, position, data, selected: true };
  };
  const addStep = (item: PaletteItem) => {
    commit((d) => {
      const [sourceId, handle] = output ? (JSON.parse(output) as [string, string | null]) : [null, null];
      const source = d.nodes.find((n) => n.id === sourceId);
      const handles = source ? (handlesByKind.get(source.type ?? "") ?? [null]) : [null];
      const spread = handles.length > 1 ? (handles.indexOf(handle) - (handles.length - 1) / 2) * (nodeSize.width + 40) : 0;
      const lowest = Math.max(0, ...d.nodes.map((n) => n.position.y));
      const position = source ? { x: source.position.x + spread, y: source.position.y + nodeSize.height + 70 } : { x: 0, y: lowest + nodeSize.height + 70 };
      const node = newNode(item, d.nodes.map((n) => n.id), position);
      return {
        ...d,
        nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), node],
        edges: source ? [...d.edges, { id: edgeId(source.id, handle, node.id), source: source.id, target: node.id, sourceHandle: handle }] : d.edges,
      };
    });
    setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 150 }), 30);
  };
  const onDrop = (event: DragEvent) => {
    const raw = event.dataTransfer.getData(paletteMime);
    if (!raw || readOnly) {
      return;
    }
    event.preventDefault();
    const item = JSON.parse(raw) as PaletteItem;
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    commit((d) => ({ ...d, nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), newNode(item, d.nodes.map((n) => n.id), position)] }));
  };

  // ----- undo/redo, copy/paste, delete, tidy up
  const [notice, setNotice] = useState<string | null>(null);
  const copy = useCallback(() => {
    const copied = copySteps(draft.nodes, draft.edges, organizationId);
    if (!copied) {
      return false;
    }
    const text = remember(copied);
    void navigator.clipboard?.writeText(text).catch(() => undefined);
    setNotice(`Copied ${copied.nodes.length} step${copied.nodes.length === 1 ? "" : "s"}.`);
    return true;
  }, [draft, organizationId]);
  const paste = useCallback(
    (text?: string | null) => {
      const copied = recall(text);
      if (!copied || readOnly) {
        return;
      }
      commit((d) => {
        const pasted = pasteSteps(copied, d.nodes.map((n) => n.id), organizationId);
        setNotice(
          pasted.cleaned
            ? `Pasted ${pasted.nodes.length} step(s) from another organization: its ids, header values and secrets were left out.`
            : `Pasted ${pasted.nodes.length} step(s).`,
        );
        return { ...d, nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), ...pasted.nodes], edges: [...d.edges, ...pasted.edges] };
      });
    },
    [commit, organizationId, readOnly],
  );
  const deleteSelected = () =>
    commit((d) => {
      const gone = new Set(d.nodes.filter((n) => n.selected && n.type !== "trigger").map((n) => n.id));
      return { ...d, nodes: d.nodes.filter((n) => !gone.has(n.id)), edges: d.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target) && !e.selected) };
    });
  const tidy = () => {
    commit((d) => ({ ...d, nodes: layOut(d.nodes, d.edges) }));
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }));
  };
  useEffect(() => {
    const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || !(event.ctrlKey || event.metaKey)) {
        return;
      }
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) {
        event.preventDefault();
        setHistory(undo);
      } else if ((key === "z" && event.shiftKey) || key === "y") {
        event.preventDefault();
        setHistory(redo);
      } else if (key === "c") {
        copy();
      }
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!typing(event.target)) {
        paste(event.clipboardData?.getData("text/plain"));
      }
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("paste", onPaste);
    };
  }, [copy, paste]);

  // ----- problems list: select the step and go to the field
  const goTo = (problem: PlacedProblem) => {
    if (!problem.nodeId) {
      document.getElementById("workflow-name")?.focus();
      return;
    }
    quietly((d) => ({ ...d, nodes: d.nodes.map((n) => ({ ...n, selected: n.id === problem.nodeId })) }));
    const node = draft.nodes.find((n) => n.id === problem.nodeId);
    if (node) {
      void flow.setCenter(node.position.x + nodeSize.width / 2, node.position.y + nodeSize.height / 2, { zoom: flow.getZoom(), duration: 200 });
    }
    setTimeout(() => {
      const field = problem.field?.split(".").map((k) => k.replace(/\[\d+\]$/, "")) ?? [];
      const prefix = field[0] === "config" ? `node-${problem.nodeId}` : field[0] === "retry" ? `retry-${problem.nodeId}` : null;
      const target = prefix && field.length > 1 ? document.getElementById([prefix, ...field.slice(1)].join("_")) : null;
      (target ?? document.getElementById("panel-heading"))?.focus();
    }, 50);
  };

  const setNodeData = (id: string, data: StepData) => commit((d) => ({ ...d, nodes: d.nodes.map((n) => (n.id === id ? { ...n, data } : n)) }));
  const variables = useMemo(() => {
    const bound = draft.nodes.flatMap((n) => {
      const config = (n.data.config ?? {}) as Record<string, unknown>;
      return n.type === "loop" ? [typeof config.as === "string" ? config.as : "item"] : typeof config.saveAs === "string" ? [config.saveAs] : [];
    });
    return [...(trigger?.variables ?? []), ...draft.nodes.filter((n) => n.type !== "trigger").map((n) => `steps.${n.id}`), ...bound];
  }, [trigger, draft.nodes]);

  const runBlocked = !workflow ? "Save it first." : dirty ? "Save your changes first: a run uses the saved workflow." : !workflow.isActive ? "Turn it on first: only an active automation runs." : null;
  const validation =
    check.key !== currentKey || check.state === "checking"
      ? "Checking…"
      : check.state === "failed"
        ? "Could not check"
        : check.problems.length === 0
          ? "No problems"
          : `${check.problems.length} problem${check.problems.length === 1 ? "" : "s"}`;

  return (
    <VariablesContext.Provider value={variables}>
      <section className="builder" aria-label="Workflow builder">
        <div className="builder-head">
          <label htmlFor="workflow-name" className="visually-hidden">
            Automation name
          </label>
          <input
            id="workflow-name"
            className="workflow-name"
            value={draft.name}
            disabled={readOnly}
            onChange={(event) => commit((d) => ({ ...d, name: event.target.value }))}
          />
          <span className="muted" role="status">
            {dirty ? "Unsaved changes" : workflow ? `Saved · version ${workflow.version}` : "Not saved yet"} · {validation}
          </span>
          <div className="toolbar" role="toolbar" aria-label="Builder">
            <button type="button" className="button button-primary" disabled={readOnly || saving || !dirty || !valid} onClick={() => void save()}>
              {saving ? "Saving…" : "Save"}
            </button>
            <button type="button" className="button" disabled={history.past.length === 0} onClick={() => setHistory(undo)}>
              Undo
            </button>
            <button type="button" className="button" disabled={history.future.length === 0} onClick={() => setHistory(redo)}>
              Redo
            </button>
            <button type="button" className="button" disabled={readOnly} onClick={tidy}>
              Tidy up
            </button>
            <button type="button" className="button" disabled={selected.length === 0} onClick={() => copy()}>
              Copy
            </button>
            <button type="button" className="button" disabled={readOnly} onClick={() => paste(null)}>
              Paste
            </button>
            <button type="button" className="button" disabled={readOnly || selected.every((n) => n.type === "trigger")} onClick={deleteSelected}>
              Delete
            </button>
            {workflow && (
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={activating ?? workflow.isActive}
                  disabled={activating !== null || dirty || readOnly}
                  title={dirty ? "Save first: the switch turns on the saved automation" : undefined}
                  onChange={(event) => void setActive(event.target.checked)}
                />
                {(activating ?? workflow.isActive) ? "On" : "Off"}
              </label>
            )}
            {workflow && (
              <label>
                Counts for
                <select value={period} onChange={(event) => setPeriod(event.target.value as CountPeriod)}>
                  {Object.entries(countPeriods).map(([value, p]) => (
                    <option key={value} value={value}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        </div>
        {readOnlyReason && (
          <div className="banner banner-warning" role="alert">
            <p className="banner-title">Opened read-only</p>
            <p>{readOnlyReason}</p>
          </div>
        )}
        {check.state === "failed" && check.key === currentKey && (
          <ErrorBanner error={check.error} title="The workflow could not be checked just now: your edits are kept, and it is checked again as you edit." />
        )}
        {saveError !== null && <ErrorBanner error={saveError} title="Not saved: your edits are kept." onRetry={() => void save()} />}
        {activateError !== null && <ErrorBanner error={activateError} title="The automation was not switched." />}
        {dryRunError !== null && <ErrorBanner error={dryRunError} title="The dry run did not run." onRetry={() => void tryIt()} />}
        {runError !== null && <ErrorBanner error={runError} title="The run did not start." />}
        {stats.isError && <ErrorBanner error={stats.error} title="The counts could not be loaded." onRetry={() => void stats.refetch()} />}
        {notice && (
          <p className="banner banner-info" role="status">
            {notice}
          </p>
        )}
        {live && (
          <p className="banner banner-info" role="status">
            Following execution {live.executionId.slice(0, 8)}: {live.status}
          </p>
        )}
        {dryRun && (
          <p className="banner banner-success" role="status">
            Dry run on {picked?.label ?? "the record"}: {dryRun.report.outcome === "would_complete" ? "it would complete" : dryRun.report.error}
            {dryRun.key !== currentKey && " (updating…)"}
          </p>
        )}
        <ProblemList problems={problems} titleOf={(id) => { const n = draft.nodes.find((x) => x.id === id); return n ? nodeTitle(n.type, n.data, draft.triggerType) : id; }} onGo={goTo} />
        <div className="builder-body">
          <Palette
            catalog={catalog}
            outputs={outputs}
            output={output}
            onOutput={setChosenOutput}
            onAdd={addStep}
            disabled={readOnly}
          />
          <div className="canvas" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
            <CanvasOverlayContext.Provider value={overlay}>
              <ReactFlow
                aria-label="Workflow canvas"
                nodes={shownNodes}
                edges={shownEdges}
                nodeTypes={nodeTypes}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                isValidConnection={isValidConnection}
                nodesConnectable={!readOnly}
                deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
                onlyRenderVisibleElements={draft.nodes.length > 100}
                onInit={() => frame(draft.nodes)}
                minZoom={0.1}
                proOptions={{ hideAttribution: true }}
              >
                <Background />
                <Controls />
              </ReactFlow>
            </CanvasOverlayContext.Provider>
          </div>
          <aside className="side-panel" aria-labelledby="panel-heading">
            <h2 id="panel-heading" tabIndex={-1} className="visually-hidden">
              {selectedNode ? `Settings of ${nodeTitle(selectedNode.type, selectedNode.data, draft.triggerType)}` : "Settings"}
            </h2>
            {selectedNode?.type === "trigger" ? (
              <TriggerPanel
                catalog={catalog}
                triggerType={draft.triggerType}
                triggerConfig={draft.triggerConfig}
                schedule={draft.schedule}
                problems={problemsByNode.get(selectedNode.id) ?? []}
                readOnly={readOnly}
                onChange={(change) => commit((d) => ({ ...d, ...change }))}
              />
            ) : selectedNode ? (
              <NodePanel
                key={selectedNode.id}
                node={selectedNode}
                catalog={catalog}
                problems={problemsByNode.get(selectedNode.id) ?? []}
                tried={dryRunByNode.get(selectedNode.id) ?? []}
                recordLabel={picked?.label ?? null}
                readOnly={readOnly}
                triggerType={draft.triggerType}
                onChange={(data) => setNodeData(selectedNode.id, data)}
                onDelete={deleteSelected}
              />
            ) : (
              <p className="muted">Select a step to change it, or add one from the list on the left.</p>
            )}
            {workflow ? (
              <>
                <TestPanel
                  types={recordTypesFor(trigger)}
                  picked={picked}
                  onPick={setPicked}
                  onTry={() => void tryIt()}
                  trying={trying}
                  onRun={() => void runNow()}
                  runBlocked={runBlocked}
                  running={running}
                />
                <BacktestPanel workflowId={workflow.id} timeZone={timeZone} dirty={dirty} />
              </>
            ) : (
              <p className="muted">Save the automation to try it on a record.</p>
            )}
          </aside>
        </div>
        <ConflictDialog
          open={conflict !== null}
          version={conflict?.theirs.version ?? null}
          differences={conflict?.differences ?? []}
          busy={saving}
          onReload={loadTheirs}
          onOverwrite={() => void save(true)}
          onClose={() => setConflict(null)}
        />
        <ConfirmDialog
          open={blocker.state === "blocked"}
          title="Leave without saving?"
          confirmLabel="Leave and lose my changes"
          onConfirm={() => blocker.proceed?.()}
          onCancel={() => blocker.reset?.()}
        >
          <p>Your changes to “{draft.name}” are not saved.</p>
        </ConfirmDialog>
      </section>
    </VariablesContext.Provider>
  );
}

/** A saved workflow as the builder's draft (positions as saved; see `needsLayout`). */
export function draftOf(workflow: Workflow): Draft {
  const graph = toGraphOf(workflow);
  return {
    name: workflow.name,
    triggerType: workflow.triggerType,
    triggerConfig: (workflow.triggerConfig ?? {}) as Record<string, unknown>,
    schedule: (workflow.schedule as Record<string, unknown> | null) ?? null,
    nodes: graph.nodes,
    edges: graph.edges,
  };
}

export function needsLayout(workflow: Workflow): boolean {
  return toGraphOf(workflow).laidOut;
}

function toGraphOf(workflow: Workflow) {
  return toGraph({ nodes: workflow.nodes, edges: workflow.edges, steps: workflow.steps });
}
