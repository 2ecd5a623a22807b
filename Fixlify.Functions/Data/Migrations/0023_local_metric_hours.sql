-- Metrics are cut on the organization's own hours (ADR 0011's neighbour in docs/data.md): an hour in Asia/Kolkata
-- starts at :30 UTC, one in Asia/Kathmandu at :15, so the rollups cut on UTC hours put executions on either side of a
-- local hour (and of local midnight) into one row. Rows of an organization whose zone is not a whole number of hours
-- from UTC are dropped, and its executions marked changed so the next rollup cuts them again on its hours (the API
-- counts them live meanwhile).
WITH misaligned AS (
    DELETE FROM automation_metrics m USING organizations o
     WHERE m.organization_id = o.id AND date_trunc('hour', m.period_start, o.time_zone) <> m.period_start
    RETURNING m.organization_id)
UPDATE automation_execution_logs SET updated_at = now()
 WHERE organization_id IN (SELECT DISTINCT organization_id FROM misaligned);

-- Up to when the rollups are current: the metrics API counts from the executions themselves the hours that changed
-- after it (the current hour above all), so an execution is counted the moment it ends, not at the next tick.
CREATE TABLE automation_metrics_state (
    only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    rolled_through  timestamptz NOT NULL
);
ALTER TABLE automation_metrics_state OWNER TO fixlify_owner;
INSERT INTO automation_metrics_state (rolled_through) VALUES (now() - interval '2 hours');
GRANT SELECT ON automation_metrics_state TO fixlify_app;
GRANT SELECT, INSERT, UPDATE ON automation_metrics_state TO fixlify_service;
