-- The live stream's resume point is a pair of snapshots, not an id: an update's id is taken when it is inserted, but
-- its transaction may commit after one with a higher id, so "every id above the last one sent" misses it. Each update
-- keeps the id of the transaction that wrote it; the stream sends what became visible between two snapshots of its
-- own (ADR 0011).
ALTER TABLE automation_execution_updates ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX idx_execution_updates_org_xid ON automation_execution_updates(organization_id, xid);
