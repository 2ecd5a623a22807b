import { useCallback, useState } from "react";
import { useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { ApiError } from "../../api/ApiError";
import { keys } from "../../api/queries";
import type { Workflow } from "../../api/types";
import { bodyOf, differences, keyOf, type Draft } from "../draft";
import { draftOf, needsLayout } from "../savedDraft";
import { layOut } from "../layout";
import { useIdempotencyKeys } from "../../api/useIdempotencyKeys";

/** Someone else's save that came between: their workflow and what differs from the draft, in words. */
export type Conflict = { theirs: Workflow; differences: string[] };

/**
 * Saving the draft: a new workflow is created (off) and the address becomes its own; a saved one is replaced with
 * If-Match on the version it was opened at. A 412 (someone saved meanwhile) opens the conflict: load theirs (`onReload`
 * gets their draft) or save mine over theirs (`save(true)`, on their version). `dirty`: the draft differs from the saved one.
 */
export function useSaveWorkflow(loaded: Workflow | null, initial: Draft, draft: Draft, draftKey: string, onReload: (theirs: Draft) => void) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [saved, setSaved] = useState<{ workflow: Workflow | null; key: string }>(() => ({ workflow: loaded, key: loaded ? keyOf(initial) : "" }));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const workflow = saved.workflow;
  // The first save creates the workflow once however often it is clicked: one Idempotency-Key per draft until it
  // succeeds (an edited draft is another request, with another key).
  const creations = useIdempotencyKeys();

  const stored = useCallback(
    (updated: Workflow, key: string) => {
      setSaved({ workflow: updated, key });
      client.setQueryData(keys.workflow(updated.id), updated);
      void client.invalidateQueries({ queryKey: keys.workflowLists });
      void client.invalidateQueries({ queryKey: keys.allAudit });
    },
    [client],
  );

  const save = async (force = false) => {
    setSaving(true);
    setError(null);
    const body = bodyOf(draft);
    try {
      if (!workflow) {
        const created = await call(
          api.POST("/api/workflows", { body: { ...body, isActive: false }, headers: { "Idempotency-Key": creations.keyFor(draftKey) } }),
        );
        creations.done(draftKey);
        stored(created, draftKey);
        navigate(`/workflows/${created.id}`, { replace: true });
      } else {
        const etag = force && conflict ? conflict.theirs.etag : workflow.etag;
        const updated = await call(api.PUT("/api/workflows/{id}", { params: { path: { id: workflow.id } }, body, headers: { "If-Match": etag } }));
        stored(updated, draftKey);
        setConflict(null);
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412 && workflow) {
        const theirs = await call(api.GET("/api/workflows/{id}", { params: { path: { id: workflow.id } } }));
        setConflict({ theirs, differences: differences(body, bodyOf(draftOf(theirs))) });
      } else {
        setError(failure);
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
    onReload(placed);
    setSaved({ workflow: conflict.theirs, key: keyOf(placed) });
    setConflict(null);
  };

  /** The saved workflow changed elsewhere in this screen (switched on or off). */
  const replaced = useCallback((updated: Workflow) => setSaved((s) => ({ ...s, workflow: updated })), []);
  /** A draft was published: the workflow as it is now live (dirty if the screen's draft differs from what was published). */
  const published = useCallback((updated: Workflow) => {
    setSaved({ workflow: updated, key: keyOf(draftOf(updated)) });
    client.setQueryData(keys.workflow(updated.id), updated);
  }, [client]);
  /** The draft was re-laid out as it was saved (positions only): it still counts as saved. */
  const movedAsSaved = useCallback((before: string, after: string) => setSaved((s) => (s.key === before ? { ...s, key: after } : s)), []);

  return {
    workflow,
    dirty: draftKey !== saved.key,
    saving,
    error,
    conflict,
    save,
    loadTheirs,
    closeConflict: () => setConflict(null),
    replaced,
    published,
    movedAsSaved,
  };
}
