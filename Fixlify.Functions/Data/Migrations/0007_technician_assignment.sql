-- When each job got its technician, for round-robin assignment ("whose latest assignment is oldest"). Kept by a
-- trigger whenever technician_id is set or changes, whoever changes it (the office or an automation). A write may
-- give the time itself (an import); clearing the technician clears it.
ALTER TABLE jobs ADD COLUMN technician_assigned_at timestamptz;

CREATE FUNCTION fixlify_stamp_technician_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.technician_id IS NULL THEN
        NEW.technician_assigned_at := NULL;
    ELSIF TG_OP = 'INSERT' THEN
        NEW.technician_assigned_at := coalesce(NEW.technician_assigned_at, clock_timestamp());
    ELSIF NEW.technician_assigned_at IS NOT DISTINCT FROM OLD.technician_assigned_at THEN
        NEW.technician_assigned_at := clock_timestamp();
    END IF;
    RETURN NEW;
END $$;

-- WHEN clauses keep the function off the writes that do not touch the technician.
CREATE TRIGGER stamp_technician_assignment BEFORE INSERT ON jobs
    FOR EACH ROW WHEN (NEW.technician_id IS NOT NULL) EXECUTE FUNCTION fixlify_stamp_technician_assignment();
CREATE TRIGGER stamp_technician_reassignment BEFORE UPDATE OF technician_id ON jobs
    FOR EACH ROW WHEN (NEW.technician_id IS DISTINCT FROM OLD.technician_id) EXECUTE FUNCTION fixlify_stamp_technician_assignment();

-- Jobs assigned before this column existed: their last change is the best guess (without touching updated_at).
ALTER TABLE jobs DISABLE TRIGGER touch_updated_at;
UPDATE jobs SET technician_assigned_at = updated_at WHERE technician_id IS NOT NULL;
ALTER TABLE jobs ENABLE TRIGGER touch_updated_at;

CREATE INDEX idx_jobs_technician ON jobs(technician_id) WHERE technician_id IS NOT NULL;
