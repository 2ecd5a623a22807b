-- What the metrics screen counts first (GET /api/metrics/outcomes), read from what happened rather than from the
-- hourly rollups, by index ranges of the caller's organization.

-- Texts and emails sent in a period.
CREATE INDEX idx_deliveries_org_created ON automation_deliveries(organization_id, created_at)
    INCLUDE (channel, status, execution_id);

-- Tasks created and replies received in a period (the only step types counted: a small partial index).
CREATE INDEX idx_steps_org_outcomes ON automation_execution_steps(organization_id, finished_at)
    INCLUDE (type, workflow_id)
    WHERE status = 'completed' AND type IN ('create_task', 'wait_for_reply');

-- Whether a failed execution was retried to completion: its retries, found by the execution they repeat.
CREATE INDEX idx_logs_retry_of ON automation_execution_logs((trigger_data->>'retryOf'))
    WHERE trigger_data ? 'retryOf';
