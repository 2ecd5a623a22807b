import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useStepStats, type CountPeriod } from "../builderApi";
import { nodeOfStepKey, type NodeCounts } from "../canvasOverlay";
import type { StepNode } from "../graph";

/**
 * The counts on the canvas for the chosen period: per node passed, failed, skipped or not sent, waiting now (every step
 * node has counts, zero until it ran). `refreshSoon` reads them again a second after the last call (live updates).
 */
export function useStepCounts(workflowId: string | null, nodes: StepNode[]) {
  const [period, setPeriod] = useState<CountPeriod>("7d");
  const stats = useStepStats(workflowId, period);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const { refetch } = stats;
  const refreshSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refetch(), 1000);
  }, [refetch]);
  useEffect(() => () => clearTimeout(timer.current), []);
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
    for (const node of nodes) {
      if (!map.has(node.id) && node.type !== "trigger") {
        map.set(node.id, { passed: 0, failed: 0, skipped: 0, waiting: 0 });
      }
    }
    return map;
  }, [stats.data, nodes]);
  return { period, setPeriod, counts, error: stats.isError ? stats.error : null, retry: () => void refetch(), refreshSoon };
}
