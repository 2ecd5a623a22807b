-- A side effect on an outside service is reserved ('sending') before it is done and marked 'sent' after, so a
-- retry after a crash in between never sends a second time (the step reports the delivery as in doubt).
ALTER TABLE automation_deliveries DROP CONSTRAINT automation_deliveries_status_check;
ALTER TABLE automation_deliveries ADD CONSTRAINT automation_deliveries_status_check
    CHECK (status IN ('sending', 'sent', 'suppressed', 'skipped'));
ALTER TABLE automation_deliveries ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
