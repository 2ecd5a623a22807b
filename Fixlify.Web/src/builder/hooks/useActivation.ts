import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { keys } from "../../api/queries";
import type { ExistingRecords, Workflow } from "../../api/types";
import { useSwitchOn } from "../../ui/useSwitchOn";

/**
 * The On/Off switch of the saved workflow: `activating` is the state being asked for while the API answers. Switching on
 * asks first when records already qualify for the trigger (`asking`, answered with `choose` or `cancel`).
 */
export function useActivation(workflow: Workflow | null, onUpdated: (workflow: Workflow) => void) {
  const client = useQueryClient();
  const [activating, setActivating] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const change = async (active: boolean, existingRecords: ExistingRecords = "skip") => {
    if (!workflow) {
      return;
    }
    setActivating(active);
    setError(null);
    try {
      const path = { params: { path: { id: workflow.id } } };
      const updated = await call(
        active ? api.POST("/api/workflows/{id}/activate", { ...path, body: { existingRecords } }) : api.POST("/api/workflows/{id}/deactivate", path),
      );
      onUpdated(updated);
      void client.invalidateQueries({ queryKey: keys.workflowLists });
      void client.invalidateQueries({ queryKey: keys.allAudit });
    } catch (failure) {
      setError(failure);
    } finally {
      setActivating(null);
    }
  };
  const switching = useSwitchOn((_, existingRecords) => change(true, existingRecords));
  const setActive = async (active: boolean) => {
    if (active && workflow) {
      await switching.switchOn(workflow);
    } else {
      await change(active);
    }
  };
  return {
    activating: activating ?? (switching.checking ? true : null),
    error: error ?? switching.error,
    setActive,
    asking: switching.asking,
    choose: switching.choose,
    cancel: switching.cancel,
  };
}
