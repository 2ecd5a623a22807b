-- Event capture per statement, not per row. The row triggers of 0004 ran a PL/pgSQL diff over jsonb and a NOTIFY for
-- every event: a 2,000-row UPDATE ran the function 2,000 times and queued 2,000 notifications, and every NOTIFY takes
-- a database-wide lock held through commit. Statement-level triggers read the statement's rows from its transition
-- tables and write the same events (same types, payloads, origin and chain depth, nothing for an UPDATE that changes
-- nothing meaningful) with one INSERT … SELECT, then send at most one NOTIFY, none while a relay is draining anyway.
-- The old triggers go in this same migration, so an upgraded database never captures a write twice.

DROP TRIGGER capture_automation_events ON clients;
DROP TRIGGER capture_automation_events ON jobs;
DROP TRIGGER capture_automation_events ON invoices;
DROP TRIGGER capture_automation_events ON estimates;
DROP FUNCTION fixlify_capture_event();

-- The events an UPDATE of one row makes, from its payload: `new` (the row), `old` (old values of the changed
-- columns), `changed` (their names) and `from`/`to` (present when the status changed). Inlined into the capture's
-- INSERT … SELECT.
CREATE FUNCTION fixlify_update_events(entity text, payload jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE
RETURN array_remove(ARRAY[
    CASE WHEN entity = 'client' THEN 'client_updated'
         WHEN entity = 'job' AND payload ? 'to' THEN 'job_status_changed' END,
    CASE entity || ':' || (payload ->> 'to')
        WHEN 'job:completed' THEN 'job_completed'
        WHEN 'job:cancelled' THEN 'job_cancelled'
        WHEN 'invoice:sent' THEN 'invoice_sent'
        WHEN 'invoice:paid' THEN 'invoice_paid'
        WHEN 'invoice:partially_paid' THEN 'invoice_partially_paid'
        WHEN 'invoice:void' THEN 'invoice_voided'
        WHEN 'estimate:sent' THEN 'estimate_sent'
        WHEN 'estimate:accepted' THEN 'estimate_accepted'
        WHEN 'estimate:declined' THEN 'estimate_declined' END,
    CASE WHEN entity = 'job' AND payload -> 'changed' ? 'technician_id' AND payload -> 'new' ->> 'technician_id' IS NOT NULL
         THEN 'job_technician_assigned' END,
    -- Rescheduled: the start or end moved, and the job had a start before (the old value if it changed, else the new).
    CASE WHEN entity = 'job' AND payload -> 'changed' ?| ARRAY['scheduled_start', 'scheduled_end']
              AND CASE WHEN payload -> 'old' ? 'scheduled_start' THEN payload -> 'old' ELSE payload -> 'new' END ->> 'scheduled_start' IS NOT NULL
         THEN 'job_rescheduled' END
]::text[], NULL);

-- Wake-ups. A NOTIFY takes a database-wide lock held through commit, so committing writers that notify queue behind
-- each other; while a relay is draining it needs none. Two advisory locks (class 1001, used for nothing else) tell
-- the two sides apart:
--   (1001, 1)  held shared by each relay while it waits idle for a notification (Triggers/OutboxRelay.cs)
--   (1001, 2)  held shared by each writer whose statement wrote events, until it commits
-- A writer notifies only when a relay waits idle. A relay goes idle only when no writer holds (1001, 2), that is when
-- every writer that may have counted on it draining has committed, and it drains once more after going idle; until
-- then it keeps draining. With no relay connected nobody is notified: a relay drains the outbox when it connects.

-- The writer's side: whether the statement that just wrote events must wake a relay.
CREATE FUNCTION fixlify_relay_wakeup_needed() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1001, 2);
    -- Taking (1001, 1) exclusively fails when a relay holds it (or, rarely, while another writer tests it: then this one
    -- notifies, needlessly but harmlessly); when it succeeds it is given back at once.
    RETURN CASE WHEN pg_try_advisory_lock(1001, 1) THEN NOT pg_advisory_unlock(1001, 1) ELSE true END;
END $$;

-- A statement that wrote `written` events (a capture trigger, a time trigger's INSERT … SELECT): wakes a relay with one
-- NOTIFY if one waits idle, `source` (what wrote them) as the payload; a statement that wrote none takes no lock.
-- Returns `written`.
CREATE FUNCTION fixlify_announce_events(written bigint, source text) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    IF written > 0 THEN
        IF fixlify_relay_wakeup_needed() THEN
            PERFORM pg_notify('automation_events', source);
        END IF;
    END IF;
    RETURN written;
END $$;

-- The relay's side, in a statement of its own: goes idle (true) if no writer holds (1001, 2). The transaction-level
-- lock on (1001, 2) blocks writers only for this statement and is let go even if it fails.
CREATE FUNCTION fixlify_relay_try_idle() RETURNS boolean LANGUAGE sql
RETURN CASE WHEN pg_try_advisory_xact_lock(1001, 2) THEN pg_try_advisory_lock_shared(1001, 1) ELSE false END;

-- The relay's side, woken: from now on writers leave their events to it without notifying.
CREATE FUNCTION fixlify_relay_busy() RETURNS boolean LANGUAGE sql
RETURN pg_advisory_unlock_shared(1001, 1);

-- The columns a table's capture compares, as its capture function's comment records them: every column but updated_at.
CREATE FUNCTION fixlify_capture_description(target regclass) RETURNS text LANGUAGE sql STABLE
RETURN 'compares ' || (SELECT string_agg(a.attname::text, ', ' ORDER BY a.attname::text)
                         FROM pg_attribute a
                        WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'updated_at');

-- Installs the capture of one table: fixlify_capture_<entity>() and, if missing, its two statement-level triggers (a
-- trigger with transition tables serves one event). The function compares the table's columns as they are now, each
-- with its own type's equality, and its comment says which; when a migration changes the columns,
-- fixlify_refresh_capture() installs it again. The INSERT trigger names its rows new_rows; the UPDATE trigger names them
-- old_rows and new_rows, matched by primary key (a statement that changes a row's id captures nothing for that row).
--   changed     the names of the columns whose value changed, sorted; updated_at is not a change
--   old_values  {column: old value} of those columns
-- The NOTIFY (when a relay waits idle) has the entity as its payload: the relay drains the outbox whatever the payload,
-- and PostgreSQL delivers identical notifications of one transaction once.
CREATE FUNCTION fixlify_install_capture(target regclass, entity text) RETURNS void LANGUAGE plpgsql AS $install$
DECLARE
    capture     text := 'fixlify_capture_' || entity;
    changed     text;
    old_values  text;
BEGIN
    SELECT format('array_remove(ARRAY[%s]::text[], NULL)',
                  string_agg(format('CASE WHEN n.%1$I IS DISTINCT FROM o.%1$I THEN %1$L END', a.attname), ', ' ORDER BY a.attname::text)),
           -- Concatenating an empty object costs nothing, so only the changed columns are built.
           string_agg(format('CASE WHEN n.%1$I IS DISTINCT FROM o.%1$I THEN jsonb_build_object(%1$L, o.%1$I) ELSE ''{}'' END', a.attname), ' || ' ORDER BY a.attname::text)
      INTO changed, old_values
      FROM pg_attribute a
     WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'updated_at';

    EXECUTE format($template$
        CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $capture$
        DECLARE
            origin   text := nullif(current_setting('fixlify.origin', true), '');
            depth    integer := 0;
            written  bigint;
        BEGIN
            IF origin IS NOT NULL THEN
                depth := coalesce(nullif(current_setting('fixlify.chain_depth', true), '')::integer, 0);
            END IF;

            IF TG_OP = 'INSERT' THEN
                INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload, origin, chain_depth)
                SELECT n.organization_id, %2$L, %3$L, n.id, jsonb_build_object('new', n), origin, depth
                  FROM new_rows n;
            ELSE
                WITH changes AS MATERIALIZED (
                    SELECT n.organization_id, n.id, n AS new_row, %4$s AS changed, %5$s AS old_values, o.status AS status_from, n.status AS status_to
                      FROM new_rows n JOIN old_rows o ON o.id = n.id
                ), payloads AS MATERIALIZED (
                    SELECT c.organization_id, c.id,
                           CASE WHEN 'status' = ANY (c.changed)
                                THEN jsonb_build_object('new', c.new_row, 'old', c.old_values, 'changed', c.changed, 'from', c.status_from, 'to', c.status_to)
                                ELSE jsonb_build_object('new', c.new_row, 'old', c.old_values, 'changed', c.changed) END AS payload
                      FROM changes c
                     WHERE cardinality(c.changed) > 0
                ), events AS (
                    SELECT p.organization_id, p.id, p.payload, unnest(fixlify_update_events(%3$L, p.payload)) AS event_type
                      FROM payloads p
                )
                INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload, origin, chain_depth)
                SELECT e.organization_id, e.event_type, %3$L, e.id, e.payload, origin, depth
                  FROM events e;
            END IF;

            GET DIAGNOSTICS written = ROW_COUNT;
            PERFORM fixlify_announce_events(written, %3$L);
            RETURN NULL;
        END $capture$
        $template$, capture, entity || '_created', entity, changed, old_values);
    EXECUTE format('COMMENT ON FUNCTION %I() IS %L', capture, fixlify_capture_description(target));

    -- Replacing the function keeps its triggers (and takes no lock on the table).
    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = target AND tgname = 'capture_inserts') THEN
        EXECUTE format('CREATE TRIGGER capture_inserts AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION %I()', target, capture);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = target AND tgname = 'capture_updates') THEN
        EXECUTE format('CREATE TRIGGER capture_updates AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION %I()', target, capture);
    END IF;
END $install$;

-- Installs again the capture of every captured table whose columns are no longer the ones it compares (a migration
-- added, dropped or renamed one) and returns their names; touches nothing when none changed. The migrator runs it after
-- every run (Data/DatabaseMigrator.cs), so a migration that changes a captured table's columns needs nothing more,
-- whichever order the scripts reach a database in: DbUp applies missing scripts by name, so a fresh database runs this
-- script before 0011-0014 (0013 adds jobs.confirmed_at) and one that already had those runs it after them.
CREATE FUNCTION fixlify_refresh_capture() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    captured   record;
    refreshed  text[] := '{}';
BEGIN
    FOR captured IN
        SELECT t.tgrelid::regclass AS target, substr(p.proname, length('fixlify_capture_') + 1) AS entity,
               obj_description(p.oid, 'pg_proc') AS description
          FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
         WHERE t.tgname = 'capture_updates' AND p.proname LIKE 'fixlify\_capture\_%'
         ORDER BY t.tgrelid::regclass::text
    LOOP
        IF captured.description IS DISTINCT FROM fixlify_capture_description(captured.target) THEN
            PERFORM fixlify_install_capture(captured.target, captured.entity);
            refreshed := refreshed || captured.target::text;
        END IF;
    END LOOP;
    RETURN refreshed;
END $$;

SELECT fixlify_install_capture('clients', 'client');
SELECT fixlify_install_capture('jobs', 'job');
SELECT fixlify_install_capture('invoices', 'invoice');
SELECT fixlify_install_capture('estimates', 'estimate');
