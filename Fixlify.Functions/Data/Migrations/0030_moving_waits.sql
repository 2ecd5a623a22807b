-- Waits anchored to a record's date follow the record (issue 22). A delay until a job's start (or end), ± an offset,
-- writes an 'anchor' wait: the record and the event that moves the date (job_rescheduled). The dispatcher raises the
-- waiting orchestration an external event for each such event, without ending the wait; the orchestration reads the
-- record's date again, cancels its timer and waits for the new moment.
ALTER TABLE automation_execution_waits DROP CONSTRAINT automation_execution_waits_kind_check;
ALTER TABLE automation_execution_waits ADD CONSTRAINT automation_execution_waits_kind_check CHECK (kind IN ('reply', 'event', 'anchor'));
-- A reply wait names its client; the others (event, anchor) name a record (automation_execution_waits_check1, unchanged).
ALTER TABLE automation_execution_waits DROP CONSTRAINT automation_execution_waits_check;
ALTER TABLE automation_execution_waits ADD CONSTRAINT automation_execution_waits_check CHECK (kind <> 'reply' OR client_id IS NOT NULL);
CREATE INDEX idx_waits_anchor ON automation_execution_waits (entity_id, event_type, organization_id) WHERE kind = 'anchor';
