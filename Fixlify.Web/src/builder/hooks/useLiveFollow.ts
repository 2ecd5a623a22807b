import { useCallback, useState } from "react";
import { api, call } from "../../api/client";
import type { Workflow } from "../../api/types";
import { useExecutionUpdates } from "../../executions/liveUpdates";
import { contextFor, type RecordSummary } from "../builderApi";
import { nodeOfStepKey } from "../canvasOverlay";

/** The execution followed on the canvas: its status, and each node's step status. */
export type Followed = { executionId: string; status: string; steps: Map<string, string> };

/**
 * "Run now" on the picked record, and following this workflow's latest execution live from the stream: each update
 * moves its node; an execution not followed yet is read once for the steps it already ran. `onUpdate` runs on every
 * update of this workflow (the counts refresh).
 */
export function useLiveFollow(workflow: Workflow | null, picked: RecordSummary | null, onUpdate: () => void) {
  const [live, setLive] = useState<Followed | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);

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
    setError(null);
    try {
      const started = await call(api.POST("/api/workflows/{id}/run", { params: { path: { id: workflow.id } }, body: { context: contextFor(picked), confirm: true } }));
      void follow(started.executionId);
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(false);
    }
  };

  useExecutionUpdates((update) => {
    if (!workflow || update.workflowId !== workflow.id) {
      return;
    }
    if (live?.executionId !== update.executionId) {
      void follow(update.executionId);
    }
    setLive((current) => {
      const step = update.stepKey && update.stepStatus ? ([nodeOfStepKey(update.stepKey), update.stepStatus] as const) : null;
      if (!current || current.executionId !== update.executionId) {
        return { executionId: update.executionId, status: update.status, steps: new Map(step ? [step] : []) };
      }
      const steps = new Map(current.steps);
      if (step) {
        steps.set(...step);
      }
      return { ...current, status: update.status, steps };
    });
    onUpdate();
  });

  return { live, running, error, runNow };
}
