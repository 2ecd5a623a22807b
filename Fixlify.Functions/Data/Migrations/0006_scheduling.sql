-- Scheduling: hourly metric rollups are upserted per workflow and hour; time triggers look workflows up by type.
CREATE UNIQUE INDEX idx_metrics_workflow_hour ON automation_metrics(workflow_id, period_start);
CREATE INDEX idx_workflows_trigger_active ON automation_workflows(trigger_type) WHERE is_active AND deleted_at IS NULL;
CREATE INDEX idx_logs_pending ON automation_execution_logs(created_at) WHERE status = 'pending';
CREATE INDEX idx_logs_workflow_running ON automation_execution_logs(workflow_id) WHERE status IN ('pending', 'processing', 'waiting');
