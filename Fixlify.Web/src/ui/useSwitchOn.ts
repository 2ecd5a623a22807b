import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import type { ActivationPreview, ExistingRecords } from "../api/types";

type Named = { id: string; name: string };

/**
 * Switching an automation on asks first when its trigger already finds records (`GET /api/workflows/{id}/activation`):
 * `asking` holds the question while the person chooses "only from now on" or "also these now"; with nothing found it
 * switches on at once. `activate` does the switching with the choice.
 */
export function useSwitchOn(activate: (id: string, existingRecords: ExistingRecords) => void | Promise<void>) {
  const client = useQueryClient();
  const [asking, setAsking] = useState<{ workflow: Named; preview: ActivationPreview } | null>(null);
  const [checking, setChecking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const switchOn = async (workflow: Named) => {
    setError(null);
    setChecking(workflow.id);
    try {
      const preview = await client.fetchQuery({
        queryKey: keys.activation(workflow.id),
        queryFn: ({ signal }) => call(api.GET("/api/workflows/{id}/activation", { params: { path: { id: workflow.id } }, signal })),
        staleTime: 0,
      });
      if (preview.existing > 0) {
        setAsking({ workflow, preview });
      } else {
        await activate(workflow.id, "skip");
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setChecking(null);
    }
  };

  const choose = async (existingRecords: ExistingRecords) => {
    const question = asking;
    setAsking(null);
    if (question) {
      await activate(question.workflow.id, existingRecords);
    }
  };

  return { asking, checking, error, switchOn, choose, cancel: () => setAsking(null) };
}
