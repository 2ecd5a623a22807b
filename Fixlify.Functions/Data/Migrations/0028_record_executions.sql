-- One execution per record and exits on a record's event (issue 22): the dispatcher finds the running executions about
-- a record (the record its trigger's event was about, trigger_data.entityId) with an index probe, not a scan of the
-- organization's executions.
CREATE INDEX idx_logs_running_record ON automation_execution_logs (organization_id, (trigger_data ->> 'entityId'))
    WHERE status IN ('pending', 'processing', 'waiting');
