-- Business writes become automation events: one shared trigger function on clients, jobs, invoices and
-- estimates writes the meaningful events with the new row and the old values of the changed columns,
-- tags them with the origin (an automation's own writes set `fixlify.origin`), and wakes the relay.

CREATE FUNCTION fixlify_capture_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entity        text := TG_ARGV[0];
    new_row       jsonb := to_jsonb(NEW);
    old_row       jsonb;
    old_values    jsonb := '{}';
    changed       text[] := '{}';
    events        text[] := '{}';
    payload       jsonb;
    origin        text := nullif(current_setting('fixlify.origin', true), '');
    depth         integer := 0;
    status_from   text;
    status_to     text;
    event_name    text;
    event_id      uuid;
BEGIN
    IF origin IS NOT NULL THEN
        depth := coalesce(nullif(current_setting('fixlify.chain_depth', true), '')::integer, 0);
    END IF;

    IF TG_OP = 'INSERT' THEN
        events := ARRAY[entity || '_created'];
        payload := jsonb_build_object('new', new_row);
    ELSE
        old_row := to_jsonb(OLD);
        SELECT coalesce(jsonb_object_agg(n.key, old_row -> n.key), '{}'), coalesce(array_agg(n.key ORDER BY n.key), '{}')
          INTO old_values, changed
          FROM jsonb_each(new_row) AS n
         WHERE n.key <> 'updated_at' AND n.value IS DISTINCT FROM old_row -> n.key;

        IF cardinality(changed) = 0 THEN
            RETURN NULL;
        END IF;

        status_from := old_row ->> 'status';
        status_to := new_row ->> 'status';
        payload := jsonb_build_object('new', new_row, 'old', old_values, 'changed', to_jsonb(changed));
        IF 'status' = ANY (changed) THEN
            payload := payload || jsonb_build_object('from', status_from, 'to', status_to);
        END IF;

        CASE entity
        WHEN 'client' THEN
            events := ARRAY['client_updated'];
        WHEN 'job' THEN
            IF 'status' = ANY (changed) THEN
                events := events || 'job_status_changed'::text;
                IF status_to = 'completed' THEN events := events || 'job_completed'::text; END IF;
                IF status_to = 'cancelled' THEN events := events || 'job_cancelled'::text; END IF;
            END IF;
            IF 'technician_id' = ANY (changed) AND new_row ->> 'technician_id' IS NOT NULL THEN
                events := events || 'job_technician_assigned'::text;
            END IF;
            IF ('scheduled_start' = ANY (changed) OR 'scheduled_end' = ANY (changed))
               AND old_row ->> 'scheduled_start' IS NOT NULL THEN
                events := events || 'job_rescheduled'::text;
            END IF;
        WHEN 'invoice' THEN
            IF 'status' = ANY (changed) THEN
                IF status_to = 'sent' THEN events := events || 'invoice_sent'::text; END IF;
                IF status_to = 'paid' THEN events := events || 'invoice_paid'::text; END IF;
                IF status_to = 'partially_paid' THEN events := events || 'invoice_partially_paid'::text; END IF;
                IF status_to = 'void' THEN events := events || 'invoice_voided'::text; END IF;
            END IF;
        WHEN 'estimate' THEN
            IF 'status' = ANY (changed) THEN
                IF status_to = 'sent' THEN events := events || 'estimate_sent'::text; END IF;
                IF status_to = 'accepted' THEN events := events || 'estimate_accepted'::text; END IF;
                IF status_to = 'declined' THEN events := events || 'estimate_declined'::text; END IF;
            END IF;
        ELSE
            RAISE EXCEPTION 'fixlify_capture_event: unknown entity %', entity;
        END CASE;
    END IF;

    FOREACH event_name IN ARRAY events
    LOOP
        INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload, origin, chain_depth)
        VALUES (NEW.organization_id, event_name, entity, NEW.id, payload, origin, depth)
        RETURNING id INTO event_id;
        PERFORM pg_notify('automation_events', event_id::text);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER capture_automation_events AFTER INSERT OR UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION fixlify_capture_event('client');
CREATE TRIGGER capture_automation_events AFTER INSERT OR UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION fixlify_capture_event('job');
CREATE TRIGGER capture_automation_events AFTER INSERT OR UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION fixlify_capture_event('invoice');
CREATE TRIGGER capture_automation_events AFTER INSERT OR UPDATE ON estimates
    FOR EACH ROW EXECUTE FUNCTION fixlify_capture_event('estimate');

REVOKE EXECUTE ON FUNCTION fixlify_secure_tenant_table(regclass, text) FROM PUBLIC;
