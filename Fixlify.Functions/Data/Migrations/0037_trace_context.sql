-- Traces (OpenTelemetry): the W3C trace context (`traceparent`) of the write that caused an event, and of the call that
-- started an execution, so the execution continues the trace its event began. A transaction that knows its trace sets
-- `fixlify.traceparent` (SET LOCAL, as it sets fixlify.org_id); the capture triggers need no change: the column's default
-- reads the setting. Nullable: writers that do not trace leave it empty, and the relay fills it in for events it starts
-- a trace for. current_setting is stable, so adding the columns rewrites nothing.
ALTER TABLE automation_events
    ADD COLUMN trace_parent text DEFAULT NULLIF(current_setting('fixlify.traceparent', true), '');

ALTER TABLE automation_execution_logs
    ADD COLUMN trace_parent text DEFAULT NULLIF(current_setting('fixlify.traceparent', true), '');
