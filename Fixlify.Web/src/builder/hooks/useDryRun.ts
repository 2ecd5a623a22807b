import { useCallback, useEffect, useMemo, useState } from "react";
import { api, call } from "../../api/client";
import type { Workflow } from "../../api/types";
import { contextFor, type DryRun, type DryRunStep, type RecordSummary } from "../builderApi";
import { nodeOfStepKey } from "../canvasOverlay";

/**
 * The dry run of the draft as it is on the picked record (`POST /api/workflows/{id}/test`): nothing is sent. Once tried,
 * it is tried again 600 ms after each edit that leaves the draft valid. `byNode`: what each node would do.
 */
export function useDryRun(workflow: Workflow | null, picked: RecordSummary | null, draftKey: string, valid: boolean) {
  const [dryRun, setDryRun] = useState<{ report: DryRun; key: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [trying, setTrying] = useState(false);
  const tryIt = useCallback(async () => {
    if (!workflow || !picked) {
      return;
    }
    setTrying(true);
    setError(null);
    const key = draftKey;
    try {
      const report = await call(
        api.POST("/api/workflows/{id}/test", { params: { path: { id: workflow.id } }, body: { context: contextFor(picked), definition: JSON.parse(key) } }),
      );
      setDryRun({ report, key });
    } catch (failure) {
      setError(failure);
    } finally {
      setTrying(false);
    }
  }, [workflow, picked, draftKey]);
  useEffect(() => {
    if (dryRun && valid && dryRun.key !== draftKey && !trying) {
      const timer = setTimeout(() => void tryIt(), 600);
      return () => clearTimeout(timer);
    }
  }, [dryRun, valid, draftKey, trying, tryIt]);
  const byNode = useMemo(() => {
    const map = new Map<string, DryRunStep[]>();
    for (const step of dryRun?.report.steps ?? []) {
      const id = step.stepId || nodeOfStepKey(step.stepKey ?? "");
      map.set(id, [...(map.get(id) ?? []), step]);
    }
    return map;
  }, [dryRun]);
  return { report: dryRun?.report ?? null, outdated: dryRun !== null && dryRun.key !== draftKey, byNode, error, trying, tryIt };
}
