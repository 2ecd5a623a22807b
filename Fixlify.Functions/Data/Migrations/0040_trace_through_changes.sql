-- Traces through the copy-only capture (0032 after 0037): the write's `traceparent` is kept with the change it copied, as
-- 0037 keeps it with an event, and the relay's expansion hands it on to the change's events, so an execution still
-- continues the trace of the business write that caused it.
ALTER TABLE automation_changes
    ADD COLUMN trace_parent text DEFAULT NULLIF(current_setting('fixlify.traceparent', true), '');

CREATE OR REPLACE FUNCTION fixlify_expand_changes(max integer, announce boolean) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    taken    integer;
    written  bigint;
BEGIN
    WITH claimed AS (
        DELETE FROM automation_changes c
         WHERE c.ctid = ANY (ARRAY(SELECT ctid FROM automation_changes LIMIT max FOR UPDATE SKIP LOCKED))
        RETURNING c.organization_id, c.entity_type, c.entity_id, fixlify_change_payload(c.new_row, c.old_row) AS payload,
                  c.origin, c.chain_depth, c.occurred_at, c.trace_parent
    ), events AS (
        INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload, origin, chain_depth, occurred_at, trace_parent)
        SELECT c.organization_id, e.event_type, c.entity_type, c.entity_id, c.payload, c.origin, c.chain_depth, c.occurred_at, c.trace_parent
          FROM claimed c CROSS JOIN LATERAL unnest(fixlify_change_events(c.entity_type, c.payload)) AS e(event_type)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM events) INTO taken, written;
    IF announce THEN
        PERFORM fixlify_announce_events(written, 'changes');
    END IF;
    RETURN taken;
END $$;
