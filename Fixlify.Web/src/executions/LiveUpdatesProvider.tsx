import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { openExecutionStream, type BacktestProgress, type BulkProgress, type ExecutionUpdate, type StreamState } from "../api/executionStream";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import type { ExecutionPage } from "../api/types";
import { sessionEndedMessage, signOut, token } from "../auth/session";
import { isFinished, upsert, type ExecutionFilter } from "./executionList";
import { LiveUpdatesContext } from "./liveUpdates";

/**
 * Keeps the signed-in screens live: one stream of execution updates for the whole app. Each update refreshes that
 * execution (several updates close together cost one read) and puts it into every loaded Executions list it belongs
 * in, and into its detail; an ended one refreshes the automations' counts. A backtest's or a bulk action's progress goes
 * to whoever listens.
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  const listeners = useRef(new Set<(update: ExecutionUpdate) => void>());
  const progressListeners = useRef(new Set<(progress: BacktestProgress) => void>());
  const bulkListeners = useRef(new Set<(progress: BulkProgress) => void>());

  useEffect(() => {
    const waiting = new Map<string, ReturnType<typeof setTimeout>>();
    let countsTimer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async (id: string) => {
      waiting.delete(id);
      try {
        const execution = await call(api.GET("/api/executions/{id}", { params: { path: { id } } }));
        client.setQueryData(keys.execution(id), execution);
        for (const query of client.getQueryCache().findAll({ queryKey: keys.executionLists })) {
          const filter = (query.queryKey[1] ?? {}) as ExecutionFilter;
          client.setQueryData<InfiniteData<ExecutionPage, unknown>>(query.queryKey, (data) => upsert(data, execution, filter));
        }
      } catch {
        // The next update, or the screen's own refetch, brings it.
      }
    };
    const close = openExecutionStream({
      token,
      onState: setState,
      onUnauthorized: () => signOut(sessionEndedMessage),
      onProgress: (progress) => {
        for (const listener of progressListeners.current) {
          listener(progress);
        }
      },
      onBulk: (progress) => {
        for (const listener of bulkListeners.current) {
          listener(progress);
        }
      },
      onUpdate: (update) => {
        for (const listener of listeners.current) {
          listener(update);
        }
        clearTimeout(waiting.get(update.executionId));
        waiting.set(update.executionId, setTimeout(() => void refresh(update.executionId), 150));
        if (isFinished(update.status)) {
          clearTimeout(countsTimer);
          countsTimer = setTimeout(() => {
            void client.invalidateQueries({ queryKey: keys.workflowLists });
            // Every metric (the dashboard's cards, the metrics screen): an ended execution changes them.
            void client.invalidateQueries({ queryKey: keys.allMetrics });
          }, 1000);
        }
      },
    });
    return () => {
      close();
      clearTimeout(countsTimer);
      for (const timer of waiting.values()) {
        clearTimeout(timer);
      }
    };
  }, [client]);

  const value = useMemo(
    () => ({
      state,
      subscribe: (listener: (update: ExecutionUpdate) => void) => {
        listeners.current.add(listener);
        return () => {
          listeners.current.delete(listener);
        };
      },
      subscribeProgress: (listener: (progress: BacktestProgress) => void) => {
        progressListeners.current.add(listener);
        return () => {
          progressListeners.current.delete(listener);
        };
      },
      subscribeBulk: (listener: (progress: BulkProgress) => void) => {
        bulkListeners.current.add(listener);
        return () => {
          bulkListeners.current.delete(listener);
        };
      },
    }),
    [state],
  );
  return <LiveUpdatesContext.Provider value={value}>{children}</LiveUpdatesContext.Provider>;
}
