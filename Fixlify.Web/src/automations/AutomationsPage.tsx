import { useMemo, useState } from "react";
import { Link, useLocation } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys, useAttention, useTimeZone, useWorkflowMetrics, useWorkflows } from "../api/queries";
import { NeedsAttention } from "../alerts/NeedsAttention";
import type { ExistingRecords, TriggerType, Workflow } from "../api/types";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { SelectField } from "../ui/SelectField";
import { triggerOptions } from "../ui/labels";
import { useSearchFilters } from "../ui/useSearchFilters";
import { ActivationDialog } from "../ui/ActivationDialog";
import { AutomationCard } from "./AutomationCard";
import { useSwitchOn } from "../ui/useSwitchOn";
import { withActive } from "./workflowCache";
import { usePermissions } from "../auth/permissions";

const onOff = [
  ["on", "On only"],
  ["off", "Off only"],
] as const;

/** `/`: every automation with its trigger, on/off switch, version, last run and last 7 days; filters; new; delete. */
export function AutomationsPage() {
  const [search, setFilter] = useSearchFilters();
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const triggerType = (search.get("trigger") || undefined) as TriggerType | undefined;
  const activeParam = search.get("active");
  const active = activeParam === "on" ? true : activeParam === "off" ? false : undefined;
  const filter = useMemo(() => ({ active, triggerType }), [active, triggerType]);
  const workflows = useWorkflows(filter);
  const metrics = useWorkflowMetrics();
  const attention = useAttention();
  const timeZone = useTimeZone();
  const permissions = usePermissions();
  const client = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const [deleting, setDeleting] = useState<Workflow | null>(null);

  const toggle = useMutation({
    mutationFn: ({ id, on, existingRecords }: { id: string; on: boolean; existingRecords?: ExistingRecords }) =>
      call(
        on
          ? api.POST("/api/workflows/{id}/activate", { params: { path: { id } }, body: { existingRecords: existingRecords ?? "skip" } })
          : api.POST("/api/workflows/{id}/deactivate", { params: { path: { id } } }),
      ),
    // Optimistic: the switch moves at once, and moves back if the server says no.
    onMutate: async ({ id, on }) => {
      setFailure(null);
      await client.cancelQueries({ queryKey: keys.workflowLists });
      const before = client.getQueriesData({ queryKey: keys.workflowLists });
      client.setQueriesData({ queryKey: keys.workflowLists }, (data: unknown) => withActive(data, id, on));
      return { before };
    },
    onError: (error, _variables, context) => {
      for (const [key, data] of context?.before ?? []) {
        client.setQueryData(key, data);
      }
      setFailure(error);
    },
    onSettled: () => client.invalidateQueries({ queryKey: keys.workflowLists }),
  });

  // Switching on asks first when records already qualify ("12 invoices are already overdue…").
  const switching = useSwitchOn((id, existingRecords) => toggle.mutateAsync({ id, on: true, existingRecords }).then(() => undefined));

  const remove = useMutation({
    mutationFn: (id: string) => call(api.DELETE("/api/workflows/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      setDeleting(null);
      void client.invalidateQueries({ queryKey: keys.workflowLists });
    },
    onError: (error) => {
      setDeleting(null);
      setFailure(error);
    },
  });

  const items = workflows.data?.pages.flatMap((page) => page.items) ?? [];
  const activity = new Map((metrics.data?.items ?? []).map((item) => [item.workflowId, item]));
  const days = metrics.data?.days ?? [];
  const failing = new Map((attention.data?.failing ?? []).map((f) => [f.workflowId, f.failures]));
  const filtered = active !== undefined || triggerType !== undefined;

  return (
    <section>
      <div className="page-head">
        <h1>Automations</h1>
        {permissions.canEdit && (
          <Link to="/automations/new" className="button button-primary">
            New automation
          </Link>
        )}
      </div>
      {permissions.editRefusal && (
        <p className="banner banner-info" role="note">
          You are signed in as a viewer: you can see the automations and how they run. {permissions.editRefusal}
        </p>
      )}
      {created && (
        <p className="banner banner-success" role="status">
          “{created}” was created. It is off: turn it on when you are ready.
        </p>
      )}
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter automations">
        <SelectField id="filter-trigger" label="Starts when" value={triggerType ?? ""} anyLabel="Any trigger" options={triggerOptions} onChange={(v) => setFilter("trigger", v)} />
        <SelectField id="filter-active" label="On or off" value={activeParam ?? ""} anyLabel="On and off" options={onOff} onChange={(v) => setFilter("active", v)} />
      </form>
      <NeedsAttention />
      {failure != null && <ErrorBanner error={failure} />}
      {switching.error != null && <ErrorBanner error={switching.error} />}
      {metrics.isError && <ErrorBanner error={metrics.error} onRetry={() => void metrics.refetch()} />}
      {workflows.isPending ? (
        <Skeleton rows={5} label="Loading automations…" />
      ) : workflows.isError ? (
        <ErrorBanner error={workflows.error} onRetry={() => void workflows.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? "No automation matches these filters." : "No automations yet."}>
          {filtered ? (
            <p>Change or clear the filters above.</p>
          ) : (
            <p>
              Start from a ready-made template — a thank-you after a job, a reminder for an overdue invoice —{" "}
              <Link to="/automations/new">in the template gallery</Link>.
            </p>
          )}
        </EmptyState>
      ) : (
        <>
          <ul className="cards" aria-label="Automations">
            {items.map((workflow) => (
              <AutomationCard
                key={workflow.id}
                workflow={workflow}
                activity={activity.get(workflow.id)}
                failures={failing.get(workflow.id)}
                days={days}
                timeZone={timeZone}
                onToggle={(on) => (on ? void switching.switchOn(workflow) : toggle.mutate({ id: workflow.id, on }))}
                onDelete={() => setDeleting(workflow)}
                refusal={permissions.editRefusal}
              />
            ))}
          </ul>
          {workflows.hasNextPage && (
            <button type="button" className="button" onClick={() => void workflows.fetchNextPage()} disabled={workflows.isFetchingNextPage}>
              {workflows.isFetchingNextPage ? "Loading…" : "Show more automations"}
            </button>
          )}
        </>
      )}
      <ConfirmDialog
        open={deleting != null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete automation"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onCancel={() => setDeleting(null)}
      >
        <p>It stops running at once. Runs already under way finish; their history stays.</p>
      </ConfirmDialog>
      <ActivationDialog
        name={switching.asking?.workflow.name ?? ""}
        preview={switching.asking?.preview ?? null}
        onChoose={(choice) => void switching.choose(choice)}
        onCancel={switching.cancel}
      />
    </section>
  );
}
