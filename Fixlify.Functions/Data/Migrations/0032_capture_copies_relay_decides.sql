-- Capture copies, the relay decides (ADR 0013). The statement triggers of 0010 worked out, inside the business's own
-- transaction, which columns changed, their old values and which events the change makes. Every write of the app
-- paid for that. Now a capture trigger only copies what changed into automation_changes, with one INSERT … SELECT per
-- statement: the new row and, for an UPDATE, the old row (as jsonb), with the origin and chain depth, and only for rows
-- that changed in a column whose change can mean an event. The relay (and the scheduler's outbox path) turns each
-- change into its events with fixlify_expand_changes(), in the transaction that claims them: same event types, same
-- payloads, written into automation_events, which stays the outbox everything reads. The idle-relay NOTIFY protocol (0010, 0017)
-- is unchanged: a statement that copied a change announces it as before.
--
-- Upgrade: the events the old triggers wrote stay in automation_events and are dispatched as before; the triggers'
-- functions are replaced in place (CREATE OR REPLACE keeps the triggers), so from this migration on each write is
-- copied once and becomes its events once, when the relay takes its change.

-- Captured changes waiting for the relay. No primary key and no index: a copy on the write path is a heap insert
-- only; the relay takes changes by ctid, locked with FOR UPDATE SKIP LOCKED, and deletes them as it writes their events.
CREATE TABLE automation_changes (
    organization_id  uuid NOT NULL,
    entity_type      varchar(20) NOT NULL,
    entity_id        uuid NOT NULL,
    new_row          jsonb NOT NULL,
    old_row          jsonb,              -- null for an INSERT
    origin           text,
    chain_depth      integer NOT NULL DEFAULT 0,
    occurred_at      timestamptz NOT NULL DEFAULT now()
);
SELECT fixlify_secure_tenant_table('automation_changes');

-- What a change holds, as the events' payload: {new} for an INSERT; for an UPDATE {new, old, changed} with `old` the
-- old values of the changed columns and `changed` their names, sorted (updated_at is not a change), plus {from, to}
-- when the status changed. Null when nothing but updated_at changed.
CREATE FUNCTION fixlify_change_payload(new_row jsonb, old_row jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE
RETURN CASE WHEN old_row IS NULL THEN jsonb_build_object('new', new_row) ELSE (
    SELECT jsonb_build_object('new', new_row, 'old', jsonb_object_agg(d.key, old_row -> d.key), 'changed', jsonb_agg(d.key ORDER BY d.key))
           || CASE WHEN bool_or(d.key = 'status')
                   THEN jsonb_build_object('from', old_row -> 'status', 'to', new_row -> 'status') ELSE '{}' END
      FROM jsonb_each(new_row) AS d
     WHERE d.key <> 'updated_at' AND d.value IS DISTINCT FROM old_row -> d.key
    HAVING count(*) > 0) END;

-- What a change means: the events of an entity's change with this payload. The one definition, used by the relay's
-- expansion below (so by the outbox, the backtest's past events and the waits that read it) and checked against the
-- event table of docs/capture.md by a test. An UPDATE's rules are 0010's fixlify_update_events.
CREATE FUNCTION fixlify_change_events(entity text, payload jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE
RETURN CASE WHEN payload IS NULL THEN '{}'::text[]
            WHEN payload ? 'changed' THEN fixlify_update_events(entity, payload)
            ELSE ARRAY[entity || '_created'] END;

-- The relay's side: takes up to `max` captured changes (skipping those another relay holds), writes their events into
-- automation_events with the change's organization, entity, origin, chain depth and moment, and deletes them, in the
-- caller's transaction: a change becomes its events exactly once, when that transaction commits. Returns how many
-- changes it took (fewer than `max`: none are left but those other transactions hold). With `announce`, the events are
-- announced as a capture announces its changes, so a relay waiting idle hears of events another caller (the scheduler)
-- wrote; a relay passes false: it claims the events it wrote in the same transaction, and must not wake itself.
CREATE FUNCTION fixlify_expand_changes(max integer, announce boolean) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    taken    integer;
    written  bigint;
BEGIN
    WITH claimed AS (
        DELETE FROM automation_changes c
         WHERE c.ctid = ANY (ARRAY(SELECT ctid FROM automation_changes LIMIT max FOR UPDATE SKIP LOCKED))
        RETURNING c.organization_id, c.entity_type, c.entity_id, fixlify_change_payload(c.new_row, c.old_row) AS payload,
                  c.origin, c.chain_depth, c.occurred_at
    ), events AS (
        INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload, origin, chain_depth, occurred_at)
        SELECT c.organization_id, e.event_type, c.entity_type, c.entity_id, c.payload, c.origin, c.chain_depth, c.occurred_at
          FROM claimed c CROSS JOIN LATERAL unnest(fixlify_change_events(c.entity_type, c.payload)) AS e(event_type)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM events) INTO taken, written;
    IF announce THEN
        PERFORM fixlify_announce_events(written, 'changes');
    END IF;
    RETURN taken;
END $$;

-- Whether a change of this one column of the table can mean an event, by what fixlify_change_events says of probes:
-- the column going from a value, or from nothing, to another value or to each value its CHECK constraint allows (a
-- status), every other column holding a value, or none (job_rescheduled needs the start the job had). An UPDATE that
-- changes none of these columns means nothing, whatever else it changes (a job's description).
CREATE FUNCTION fixlify_column_means_events(target regclass, entity text, col name) RETURNS boolean LANGUAGE sql STABLE
RETURN EXISTS (
    SELECT FROM (SELECT '"new"'::jsonb
                 UNION ALL
                 SELECT to_jsonb(m[1])
                   FROM pg_constraint k
                   JOIN pg_attribute a ON a.attrelid = target AND a.attname = col AND k.conkey = ARRAY[a.attnum]
                  CROSS JOIN LATERAL regexp_matches(pg_get_constraintdef(k.oid), '''([^'']*)''', 'g') AS m
                  WHERE k.conrelid = target AND k.contype = 'c') AS new_value(v)
    CROSS JOIN (VALUES ('"old"'::jsonb), ('null'::jsonb)) AS old_value(v)
    CROSS JOIN (SELECT jsonb_object_agg(a.attname, other.v)
                  FROM pg_attribute a CROSS JOIN (VALUES ('"x"'::jsonb), ('null'::jsonb)) AS other(v)
                 WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
                 GROUP BY other.v) AS row_values(v)
     WHERE cardinality(fixlify_change_events(entity, fixlify_change_payload(
               row_values.v || jsonb_build_object(col, new_value.v), row_values.v || jsonb_build_object(col, old_value.v)))) > 0);

-- Installs the capture of one table, as 0010 did, now a copy: fixlify_capture_<entity>() and, if missing, its two
-- statement-level triggers. The UPDATE trigger copies the rows that changed in a column whose change can mean an event
-- (fixlify_column_means_events; each compared with its own type's equality, stopping at the first that differs), old
-- and new rows matched by primary key; the payload is later built from every column. The function's comment records
-- the table's columns; fixlify_refresh_capture() (0010) installs it again when they change.
CREATE OR REPLACE FUNCTION fixlify_install_capture(target regclass, entity text) RETURNS void LANGUAGE plpgsql AS $install$
DECLARE
    capture  text := 'fixlify_capture_' || entity;
    changed  text;
BEGIN
    SELECT coalesce(string_agg(format('n.%1$I IS DISTINCT FROM o.%1$I', a.attname), ' OR ' ORDER BY a.attname::text), 'false')
      INTO changed
      FROM pg_attribute a
     WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'updated_at'
       AND fixlify_column_means_events(target, entity, a.attname);

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
                INSERT INTO automation_changes (organization_id, entity_type, entity_id, new_row, origin, chain_depth)
                SELECT n.organization_id, %2$L, n.id, to_jsonb(n), origin, depth
                  FROM new_rows n;
            ELSE
                INSERT INTO automation_changes (organization_id, entity_type, entity_id, new_row, old_row, origin, chain_depth)
                SELECT n.organization_id, %2$L, n.id, to_jsonb(n), to_jsonb(o), origin, depth
                  FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE %3$s;
            END IF;

            GET DIAGNOSTICS written = ROW_COUNT;
            PERFORM fixlify_announce_events(written, %2$L);
            RETURN NULL;
        END $capture$
        $template$, capture, entity, changed);
    EXECUTE format('COMMENT ON FUNCTION %I() IS %L', capture, fixlify_capture_description(target));

    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = target AND tgname = 'capture_inserts') THEN
        EXECUTE format('CREATE TRIGGER capture_inserts AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION %I()', target, capture);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = target AND tgname = 'capture_updates') THEN
        EXECUTE format('CREATE TRIGGER capture_updates AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION %I()', target, capture);
    END IF;
END $install$;

SELECT fixlify_install_capture('clients', 'client');
SELECT fixlify_install_capture('jobs', 'job');
SELECT fixlify_install_capture('invoices', 'invoice');
SELECT fixlify_install_capture('estimates', 'estimate');
