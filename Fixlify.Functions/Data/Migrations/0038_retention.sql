-- Retention (Triggers/DataRetention.cs): the scheduler tick deletes what has aged out in small batches, each found through
-- an index in the order it ages (EXPLAIN-tested in DataRetentionTests), so no statement scans a table or holds many
-- row locks for long.

-- Processed events, oldest first. A partial index: events still waiting (processed_at IS NULL) are never deleted.
CREATE INDEX idx_events_processed ON automation_events (processed_at) WHERE processed_at IS NOT NULL;

-- Ended executions, by when they ended (their steps, deliveries and waits are found by execution id).
CREATE INDEX idx_logs_ended ON automation_execution_logs (completed_at)
    WHERE status IN ('completed', 'failed', 'cancelled');

-- A delivery is looked up by execution id (the UNIQUE (execution_id, step_key) index); a client's erasure finds them by client.
CREATE INDEX idx_deliveries_client ON automation_deliveries (client_id) WHERE client_id IS NOT NULL;
