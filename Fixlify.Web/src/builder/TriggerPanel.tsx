import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import { useDebouncedValue } from "./hooks/useDebouncedValue";
import { triggerLabel } from "../ui/labels";
import { formatInstant, zoneWords } from "../ui/format";
import { ConfigForm } from "./LazyConfigForm";
import { GoalSentence } from "./GoalSentence";
import { formErrors, type PlacedProblem } from "./problems";
import type { Catalog, Schema } from "./builderApi";
import { PlainFieldsContext, usePlainFieldsOf } from "./fields/PlainFieldsContext";
import { plainOf, type PlainCatalog } from "./plainCatalog";

/**
 * The trigger's settings: the event (or schedule) that starts the workflow, its filters (a form from the catalog's
 * `configSchema`) and, for time triggers, the schedule with the next five runs in the schedule's zone.
 */
export function TriggerPanel({
  catalog,
  triggerType,
  triggerConfig,
  schedule,
  problems,
  readOnly,
  onChange,
}: {
  catalog: Catalog;
  triggerType: string;
  triggerConfig: Record<string, unknown>;
  schedule: Record<string, unknown> | null;
  problems: PlacedProblem[];
  readOnly: boolean;
  onChange: (change: { triggerType?: string; triggerConfig?: Record<string, unknown>; schedule?: Record<string, unknown> | null }) => void;
}) {
  const trigger = catalog.triggers.find((t) => t.type === triggerType);
  const typeProblems = problems.filter((p) => p.field === "triggerType");
  const plainFields = usePlainFieldsOf(catalog as PlainCatalog, triggerType, null);
  const description = plainOf(trigger).description;
  return (
    <PlainFieldsContext.Provider value={plainFields}>
      <div className="stack">
        <label htmlFor="trigger-type">Starts when</label>
        <select
          id="trigger-type"
          value={triggerType}
          disabled={readOnly}
          aria-invalid={typeProblems.length > 0 || undefined}
          onChange={(event) => {
            const next = catalog.triggers.find((t) => t.type === event.target.value);
            onChange({ triggerType: event.target.value, triggerConfig: {}, schedule: next?.scheduleSchema ? (schedule ?? {}) : null });
          }}
        >
          {catalog.triggers.map((t) => (
            <option key={t.type} value={t.type}>
              {plainOf(t).label ?? triggerLabel(t.type)}
            </option>
          ))}
        </select>
        {typeProblems.map((p) => (
          <p key={p.message} className="field-error">
            {p.message}
          </p>
        ))}
        {description && <p className="muted">{description}</p>}
        {Boolean((trigger?.configSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.goal) && <GoalSentence triggerConfig={triggerConfig} />}
        <h3>Only when</h3>
        <ConfigForm
          id="trigger-config"
          schema={trigger?.configSchema as Schema}
          value={triggerConfig}
          errors={formErrors(problems, "triggerConfig")}
          disabled={readOnly}
          onChange={(value) => onChange({ triggerConfig: value })}
        />
        {Boolean(trigger?.scheduleSchema) && (
          <>
            <h3>Schedule</h3>
            <ConfigForm
              id="schedule"
              schema={trigger!.scheduleSchema as Schema}
              value={schedule ?? {}}
              errors={formErrors(problems, "schedule")}
              disabled={readOnly}
              onChange={(value) => onChange({ schedule: value })}
            />
            <NextRuns schedule={schedule ?? {}} />
          </>
        )}
      </div>
    </PlainFieldsContext.Provider>
  );
}

/** The next five runs of a cron in its zone (`POST /api/schedules/preview`), or the one run of a one-off. */
function NextRuns({ schedule }: { schedule: Record<string, unknown> }) {
  const cron = typeof schedule.cron === "string" ? schedule.cron : null;
  const timeZone = typeof schedule.timeZone === "string" ? schedule.timeZone : null;
  // Asked once the cron has rested 400 ms, so typing "0 9 * * 1" does not ask for every character.
  const settled = { cron: useDebouncedValue(cron, 400), timeZone: useDebouncedValue(timeZone, 400) };
  const preview = useQuery({
    queryKey: keys.schedulePreview(settled.cron, settled.timeZone),
    enabled: settled.cron !== null && settled.timeZone !== null,
    retry: false,
    queryFn: ({ signal }) => call(api.POST("/api/schedules/preview", { body: { cron: settled.cron!, timeZone: settled.timeZone!, count: 5 }, signal })),
  });
  const runs = (preview.data?.runs ?? []) as { local: string; utc: string }[];
  const problem = preview.error ? (preview.error instanceof Error ? preview.error.message : "The schedule could not be read.") : null;
  if (typeof schedule.runAt === "string") {
    return <p>Runs once, at {schedule.runAt}.</p>;
  }
  if (!cron || !timeZone) {
    return <p className="muted">Give a cron and a time zone to see the next runs.</p>;
  }
  if (problem) {
    return <p className="field-error">{problem}</p>;
  }
  return (
    <section aria-label="Next runs">
      <h4>Next five runs ({zoneWords(timeZone)})</h4>
      <ol>
        {runs.map((run) => (
          <li key={run.utc}>{formatInstant(run.utc, timeZone)}</li>
        ))}
      </ol>
    </section>
  );
}
