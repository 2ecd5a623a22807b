-- A writer notifies only while a relay waits idle, exactly (0010 notified needlessly when two writers tested the idle
-- lock at the same instant: one of them found (1001, 1) taken — by the other writer, exclusively — and took it for an
-- idle relay). When the exclusive test fails, the lock is now looked up: an idle relay holds it shared; another writer
-- testing it holds it exclusively for an instant, and then no relay holds it (the modes exclude each other). A relay
-- cannot go idle meanwhile: this writer holds (1001, 2) until it commits.
CREATE OR REPLACE FUNCTION fixlify_relay_wakeup_needed() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1001, 2);
    IF pg_try_advisory_lock(1001, 1) THEN
        PERFORM pg_advisory_unlock(1001, 1);
        RETURN false;
    END IF;
    RETURN EXISTS (
        SELECT 1 FROM pg_locks
         WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND classid = 1001 AND objid = 1 AND objsubid = 2 AND mode = 'ShareLock' AND granted);
END $$;
