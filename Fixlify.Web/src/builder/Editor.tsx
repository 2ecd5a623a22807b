import { useEffect, useMemo, useState } from "react";
import type { Workflow } from "../api/types";
import { useCaller, useTimeZone } from "../api/queries";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { recordTypesFor, type Catalog, type RecordSummary } from "./builderApi";
import type { CanvasOverlay } from "./canvasOverlay";
import type { Draft } from "./draft";
import type { StepData } from "./graph";
import { nodeTitle } from "./nodeText";
import { Palette } from "./Palette";
import { ProblemList } from "./ProblemList";
import { ConflictDialog } from "./ConflictDialog";
import { BacktestPanel } from "./BacktestPanel";
import { DraftPanel } from "./DraftPanel";
import { HistoryPanel } from "./HistoryPanel";
import { TestPanel } from "./TestPanel";
import { RunNowDialog } from "./RunNowDialog";
import { ActivationDialog } from "../ui/ActivationDialog";
import { VariablesContext } from "./variables";
import { preloadConfigForm } from "./LazyConfigForm";
import { BuilderHead } from "./BuilderHead";
import { BuilderNotices, type Failure } from "./BuilderNotices";
import { BuilderCanvas } from "./BuilderCanvas";
import { SidePanel } from "./SidePanel";
import { DryRunReport } from "./DryRunReport";
import { useDraftHistory } from "./hooks/useDraftHistory";
import { useValidation } from "./hooks/useValidation";
import { useSaveWorkflow } from "./hooks/useSaveWorkflow";
import { useActivation } from "./hooks/useActivation";
import { useDryRun } from "./hooks/useDryRun";
import { useLiveFollow } from "./hooks/useLiveFollow";
import { useStepCounts } from "./hooks/useStepCounts";
import { useClipboard } from "./hooks/useClipboard";
import { useShortcuts } from "./hooks/useShortcuts";
import { useLeaveGuard } from "./hooks/useLeaveGuard";
import { useCanvasGraph } from "./hooks/useCanvasGraph";
import { useCanvasLayout } from "./hooks/useCanvasLayout";
import { usePaletteActions } from "./hooks/usePaletteActions";
import { useGoToProblem } from "./hooks/useGoToProblem";
import { wordsOf } from "./words/catalogWords";
import { triggerSentence } from "./words/plainWords";
import { AutomationSentence } from "./AutomationSentence";
import { usePermissions } from "../auth/permissions";

/** The builder for one workflow (or a new one: `workflow` null): each concern is a hook, each part of the screen a component. */
export function Editor({
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
  const timeZone = useTimeZone();
  const organizationId = useCaller().data?.organizationId ?? "";
  const readOnly = readOnlyReason !== null;
  const { canEdit } = usePermissions();
  const { draft, key, commit, quietly, reset, undo, redo, canUndo, canRedo } = useDraftHistory(initial);
  const validation = useValidation(draft, key);
  const saving = useSaveWorkflow(loaded, initial, draft, key, reset);
  const { workflow, dirty } = saving;
  const activation = useActivation(workflow, saving.replaced);
  const trigger = catalog.triggers.find((t) => t.type === draft.triggerType);
  const [picked, setPicked] = useState<RecordSummary | null>(null);
  const [confirmingRun, setConfirmingRun] = useState(false);
  const dryRun = useDryRun(workflow, picked, key, validation.valid);
  const counts = useStepCounts(workflow?.id ?? null, draft.nodes);
  const live = useLiveFollow(workflow, picked, counts.refreshSoon);
  const clipboard = useClipboard(draft, organizationId, readOnly, commit);
  useShortcuts({ undo, redo, copy: clipboard.copy, paste: clipboard.paste });
  const blocker = useLeaveGuard(dirty, saving.saving);
  useEffect(() => preloadConfigForm(), []);

  const words = useMemo(() => wordsOf(catalog), [catalog]);
  const handlesByKind = useMemo(() => new Map(catalog.nodeKinds.map((k) => [k.kind, k.handles])), [catalog]);
  const knownKinds = useMemo(() => new Set(catalog.nodeKinds.map((k) => k.kind)), [catalog]);
  const graph = useCanvasGraph(draft, readOnly, knownKinds, dryRun.byNode, live.live?.steps ?? null, commit, quietly);
  const layout = useCanvasLayout(draft, laidOut, quietly, commit, saving.movedAsSaved);
  const palette = usePaletteActions(draft, readOnly, handlesByKind, commit);
  const goTo = useGoToProblem(draft, quietly);
  const overlay: CanvasOverlay = useMemo(
    () => ({
      problems: validation.problemsByNode,
      dryRun: dryRun.byNode,
      live: live.live?.steps ?? new Map(),
      counts: counts.counts,
      handles: handlesByKind,
      knownKinds,
      timeZone,
      triggerType: draft.triggerType,
      words,
      triggerSentence: triggerSentence(words, draft.triggerType, draft.triggerConfig),
    }),
    [validation.problemsByNode, dryRun.byNode, live.live, counts.counts, handlesByKind, knownKinds, timeZone, draft.triggerType, draft.triggerConfig, words],
  );
  const variables = useMemo(() => {
    const bound = draft.nodes.flatMap((n) => {
      const config = (n.data.config ?? {}) as Record<string, unknown>;
      return n.type === "loop" ? [typeof config.as === "string" ? config.as : "item"] : typeof config.saveAs === "string" ? [config.saveAs] : [];
    });
    return [...(trigger?.variables ?? []), ...draft.nodes.filter((n) => n.type !== "trigger").map((n) => `steps.${n.id}`), ...bound];
  }, [trigger, draft.nodes]);

  const deleteSelected = () =>
    commit((d) => {
      const gone = new Set(d.nodes.filter((n) => n.selected && n.type !== "trigger").map((n) => n.id));
      return { ...d, nodes: d.nodes.filter((n) => !gone.has(n.id)), edges: d.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target) && !e.selected) };
    });
  const setNodeData = (id: string, data: StepData) => commit((d) => ({ ...d, nodes: d.nodes.map((n) => (n.id === id ? { ...n, data } : n)) }));
  const save = () => void saving.save();
  const tryIt = () => void dryRun.tryIt();
  const runBlocked = !workflow ? "Save it first." : dirty ? "Save your changes first: a run uses the saved workflow." : !workflow.isActive ? "Turn it on first: only an active automation runs." : null;

  const failures = (
    [
    validation.failed !== null && { error: validation.failed, title: "The workflow could not be checked just now: your edits are kept, and it is checked again as you edit." },
    saving.error !== null && { error: saving.error, title: "Not saved: your edits are kept.", onRetry: save },
    activation.error !== null && { error: activation.error, title: "The automation was not switched." },
    dryRun.error !== null && { error: dryRun.error, title: "The dry run did not run.", onRetry: tryIt },
    live.error !== null && { error: live.error, title: "The run did not start." },
    counts.error !== null && { error: counts.error, title: "The counts could not be loaded.", onRetry: counts.retry },
    ] satisfies (Failure | false)[]
  ).filter((f) => f !== false);
  const notices = [
    clipboard.notice && { key: "clipboard", text: clipboard.notice, tone: "info" as const },
    live.live && { key: "live", text: `Following execution ${live.live.executionId.slice(0, 8)}: ${live.live.status}`, tone: "info" as const },
    dryRun.report && {
      key: "dry-run",
      text: `Dry run on ${picked?.label ?? "the record"}: ${dryRun.report.outcome === "would_complete" ? "it would complete" : dryRun.report.error}${dryRun.outdated ? " (updating…)" : ""}`,
      tone: "success" as const,
    },
  ].filter((n) => !!n);

  return (
    <VariablesContext.Provider value={variables}>
      <section className="builder" aria-label="Workflow builder">
        <BuilderHead
          name={draft.name}
          onName={(name) => commit((d) => ({ ...d, name }))}
          readOnly={readOnly}
          readOnlyReason={readOnlyReason}
          workflow={workflow}
          dirty={dirty}
          validation={validation.status}
          saveEnabled={!readOnly && !saving.saving && dirty && validation.valid}
          saving={saving.saving}
          onSave={save}
          canUndo={canUndo}
          canRedo={canRedo}
          onUndo={undo}
          onRedo={redo}
          onTidy={layout.tidy}
          canCopy={palette.selected.length > 0}
          onCopy={() => clipboard.copy()}
          onPaste={() => clipboard.paste(null)}
          canDelete={!readOnly && !palette.selected.every((n) => n.type === "trigger")}
          onDelete={deleteSelected}
          activating={activation.activating}
          onActive={(active) => void activation.setActive(active)}
          period={counts.period}
          onPeriod={counts.setPeriod}
        />
        <AutomationSentence words={words} draft={draft} />
        <BuilderNotices readOnlyReason={readOnlyReason} failures={failures} notices={notices} />
        <ProblemList
          problems={validation.problems}
          titleOf={(id) => {
            const n = draft.nodes.find((x) => x.id === id);
            return n ? nodeTitle(n.type, n.data, draft.triggerType) : id;
          }}
          onGo={goTo}
        />
        <div className="builder-body">
          <Palette catalog={catalog} outputs={palette.outputs} output={palette.output} onOutput={palette.choose} onAdd={palette.add} disabled={readOnly} />
          <BuilderCanvas
            nodes={graph.nodes}
            edges={graph.edges}
            nodeTypes={graph.nodeTypes}
            overlay={overlay}
            readOnly={readOnly}
            onNodesChange={graph.onNodesChange}
            onEdgesChange={graph.onEdgesChange}
            onConnect={graph.onConnect}
            isValidConnection={graph.isValidConnection}
            onInit={() => layout.frame(draft.nodes)}
            onDrop={palette.drop}
          />
          <SidePanel
            catalog={catalog}
            draft={draft}
            selectedNode={palette.selectedNode}
            problemsByNode={validation.problemsByNode}
            dryRunByNode={dryRun.byNode}
            recordLabel={picked?.label ?? null}
            readOnly={readOnly}
            onChange={(change) => commit((d) => ({ ...d, ...change }))}
            onNodeData={setNodeData}
            onDelete={deleteSelected}
          >
            {workflow && !canEdit ? (
              <p className="muted">Viewers can't try, test or run automations: ask an editor, an admin or the owner.</p>
            ) : workflow ? (
              <>
                <TestPanel
                  types={recordTypesFor(trigger)}
                  picked={picked}
                  onPick={setPicked}
                  onTry={tryIt}
                  trying={dryRun.trying}
                  onRun={() => setConfirmingRun(true)}
                  runBlocked={runBlocked}
                  running={live.running}
                />
                {dryRun.report && (
                  <DryRunReport
                    report={dryRun.report}
                    outdated={dryRun.outdated}
                    nodes={draft.nodes}
                    triggerType={draft.triggerType}
                    recordLabel={picked?.label ?? "the record"}
                    timeZone={timeZone}
                    words={words}
                  />
                )}
                <BacktestPanel workflowId={workflow.id} timeZone={timeZone} dirty={dirty} />
                {!readOnly && <DraftPanel workflow={workflow} draft={draft} timeZone={timeZone} onPublished={saving.published} />}
                <HistoryPanel workflowId={workflow.id} timeZone={timeZone} />
              </>
            ) : (
              <p className="muted">Save the automation to try it on a record.</p>
            )}
          </SidePanel>
        </div>
        {workflow && (
          <RunNowDialog
            open={confirmingRun}
            workflowId={workflow.id}
            record={picked}
            busy={live.running}
            onConfirm={() => {
              setConfirmingRun(false);
              void live.runNow();
            }}
            onCancel={() => setConfirmingRun(false)}
          />
        )}
        <ActivationDialog
          name={workflow?.name ?? ""}
          preview={activation.asking?.preview ?? null}
          onChoose={(choice) => void activation.choose(choice)}
          onCancel={activation.cancel}
        />
        <ConflictDialog
          open={saving.conflict !== null}
          version={saving.conflict?.theirs.version ?? null}
          differences={saving.conflict?.differences ?? []}
          busy={saving.saving}
          onReload={saving.loadTheirs}
          onOverwrite={() => void saving.save(true)}
          onClose={saving.closeConflict}
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
