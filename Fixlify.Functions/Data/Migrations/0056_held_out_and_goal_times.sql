-- Hold-out groups and measured goals (issue 27, ADR 0022).
--
-- 1. An execution of a held-out record ends 'held_out' at once (nothing sent). The status check is replaced by one that
--    lists every status the app writes, 'paused' included (pausing, issue 26, writes it; this list keeps it whichever of
--    the two migrations runs last).
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'automation_execution_logs'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'
    LOOP
        EXECUTE format('ALTER TABLE automation_execution_logs DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
ALTER TABLE automation_execution_logs ADD CONSTRAINT automation_execution_logs_status_check
    CHECK (status IN ('pending', 'processing', 'waiting', 'completed', 'failed', 'cancelled', 'retry', 'paused', 'held_out'));

-- 2. The outcomes of a workflow over a period: its executions by start (an index range scan, not a scan of every
--    execution), and the attribution rule's probe "a later execution of the workflow for the same record before the
--    goal" (docs/engine.md "Goals and outcomes").
CREATE INDEX idx_logs_workflow_created ON automation_execution_logs (workflow_id, created_at);
CREATE INDEX idx_logs_workflow_record_created ON automation_execution_logs (workflow_id, (trigger_data ->> 'entityId'), created_at);

-- 3. When a goal was reached, kept by the records themselves: an estimate's acceptance and a task's completion (jobs have
--    confirmed_at, invoices paid_at). Set when the status changes to it, cleared when it changes away; rows already
--    there take their last change as the best guess.
ALTER TABLE estimates ADD COLUMN accepted_at timestamptz;
ALTER TABLE tasks ADD COLUMN completed_at timestamptz;
UPDATE estimates SET accepted_at = updated_at WHERE status = 'accepted';
UPDATE tasks SET completed_at = updated_at WHERE status = 'done';

CREATE FUNCTION fixlify_mark_goal_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'estimates' THEN
        IF NEW.status = 'accepted' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'accepted') THEN
            NEW.accepted_at := coalesce(NEW.accepted_at, now());
        ELSIF NEW.status <> 'accepted' THEN
            NEW.accepted_at := NULL;
        END IF;
    ELSE
        IF NEW.status = 'done' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'done') THEN
            NEW.completed_at := coalesce(NEW.completed_at, now());
        ELSIF NEW.status <> 'done' THEN
            NEW.completed_at := NULL;
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER mark_goal_time BEFORE INSERT OR UPDATE OF status ON estimates FOR EACH ROW EXECUTE FUNCTION fixlify_mark_goal_time();
CREATE TRIGGER mark_goal_time BEFORE INSERT OR UPDATE OF status ON tasks FOR EACH ROW EXECUTE FUNCTION fixlify_mark_goal_time();

-- A task done about a record (related_id) or created by an execution: probed per execution by the outcomes.
CREATE INDEX idx_tasks_related ON tasks (related_id) WHERE related_id IS NOT NULL;
CREATE INDEX idx_tasks_created_by_execution ON tasks (created_by_execution) WHERE created_by_execution IS NOT NULL;
-- A new job for a client after a time: the job-booked goal.
CREATE INDEX idx_jobs_client_created ON jobs (client_id, created_at);

-- A held-out execution has ended like any other: the retention purge (Data/RetentionPurge.EndedExecutions) deletes it
-- after the same time, found through the same partial index, which now lists it.
DROP INDEX idx_logs_ended;
CREATE INDEX idx_logs_ended ON automation_execution_logs (completed_at)
    WHERE status IN ('completed', 'failed', 'cancelled', 'held_out');
