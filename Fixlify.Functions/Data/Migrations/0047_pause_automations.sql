-- Pause and resume (issue 25). A paused automation keeps accepting its triggers: its executions are created 'paused'
-- (logged in order, nothing runs) and the ones already running hold at their next action; resuming schedules them.
ALTER TABLE automation_workflows ADD COLUMN paused_at timestamptz, ADD COLUMN paused_by text;
ALTER TABLE automation_execution_logs DROP CONSTRAINT automation_execution_logs_status_check;
ALTER TABLE automation_execution_logs ADD CONSTRAINT automation_execution_logs_status_check
    CHECK (status IN ('pending', 'processing', 'waiting', 'completed', 'failed', 'cancelled', 'retry', 'paused'));
CREATE INDEX idx_logs_paused ON automation_execution_logs (workflow_id, created_at, id) WHERE status = 'paused';
