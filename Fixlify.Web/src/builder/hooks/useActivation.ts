import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { keys } from "../../api/queries";
import type { Workflow } from "../../api/types";

/** The On/Off switch of the saved workflow: `activating` is the state being asked for while the API answers. */
export function useActivation(workflow: Workflow | null, onUpdated: (workflow: Workflow) => void) {
  const client = useQueryClient();
  const [activating, setActivating] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const setActive = async (active: boolean) => {
    if (!workflow) {
      return;
    }
    setActivating(active);
    setError(null);
    try {
      const path = { params: { path: { id: workflow.id } } };
      const updated = await call(active ? api.POST("/api/workflows/{id}/activate", path) : api.POST("/api/workflows/{id}/deactivate", path));
      onUpdated(updated);
      void client.invalidateQueries({ queryKey: keys.workflowLists });
    } catch (failure) {
      setError(failure);
    } finally {
      setActivating(null);
    }
  };
  return { activating, error, setActive };
}
