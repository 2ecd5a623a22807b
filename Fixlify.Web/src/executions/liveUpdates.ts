import { createContext, useContext, useEffect, useEffectEvent } from "react";
import type { BacktestProgress, BulkProgress, ExecutionUpdate, StreamState } from "../api/executionStream";

export interface LiveUpdatesValue {
  state: StreamState;
  subscribe: (listener: (update: ExecutionUpdate) => void) => () => void;
  subscribeProgress: (listener: (progress: BacktestProgress) => void) => () => void;
  subscribeBulk: (listener: (progress: BulkProgress) => void) => () => void;
}

export const LiveUpdatesContext = createContext<LiveUpdatesValue>({
  state: "connecting",
  subscribe: () => () => {},
  subscribeProgress: () => () => {},
  subscribeBulk: () => () => {},
});

/** Whether the live stream is connected. */
export function useStreamState(): StreamState {
  return useContext(LiveUpdatesContext).state;
}

/** Calls `listener` with each execution update while the component is mounted. */
export function useExecutionUpdates(listener: (update: ExecutionUpdate) => void): void {
  const { subscribe } = useContext(LiveUpdatesContext);
  const onUpdate = useEffectEvent(listener);
  useEffect(() => subscribe((update) => onUpdate(update)), [subscribe]);
}

/** Calls `listener` with each backtest progress report of the organization while the component is mounted. */
export function useBacktestProgress(listener: (progress: BacktestProgress) => void): void {
  const { subscribeProgress } = useContext(LiveUpdatesContext);
  const onProgress = useEffectEvent(listener);
  useEffect(() => subscribeProgress((progress) => onProgress(progress)), [subscribeProgress]);
}

/** Calls `listener` with each bulk retry's or cancel's progress report of the organization while the component is mounted. */
export function useBulkProgress(listener: (progress: BulkProgress) => void): void {
  const { subscribeBulk } = useContext(LiveUpdatesContext);
  const onBulk = useEffectEvent(listener);
  useEffect(() => subscribeBulk((progress) => onBulk(progress)), [subscribeBulk]);
}
