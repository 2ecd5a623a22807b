-- Workflows that listen: wait_for_reply (the client's next text) and wait_for_event (something happening to a record).

-- An execution waiting for a reply or an event, written when its wait starts (the StartWait activity) and deleted by
-- whatever ends it: the inbound SMS route (the newest wait for the client that texted), the dispatcher (every wait for
-- the event's record and type), or the start itself when the event had already happened. A wait that timed out is
-- left to expire: every lookup ignores rows past expires_at, and the scheduler tick deletes them.
CREATE TABLE automation_execution_waits (
    execution_id     uuid NOT NULL,
    step_key         text NOT NULL,
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind             varchar(10) NOT NULL CHECK (kind IN ('reply', 'event')),
    client_id        uuid,              -- reply: the client the text went to
    entity_type      varchar(20),       -- event: the record (job, invoice, client, estimate) ...
    entity_id        uuid,
    event_type       varchar(50),       -- ... and what must happen to it
    since            timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (execution_id, step_key),
    CHECK (kind = 'event' OR client_id IS NOT NULL),
    CHECK (kind = 'reply' OR (entity_type IS NOT NULL AND entity_id IS NOT NULL AND event_type IS NOT NULL))
);
-- A reply goes to the newest wait of the client's organization: an index range read, newest first.
CREATE INDEX idx_waits_reply ON automation_execution_waits (organization_id, client_id, since DESC) WHERE kind = 'reply';
-- Each dispatched event finds the waits for its record and type with an index probe: no scan of waiting executions.
CREATE INDEX idx_waits_event ON automation_execution_waits (entity_id, event_type, organization_id) WHERE kind = 'event';
CREATE INDEX idx_waits_expires ON automation_execution_waits (expires_at);
SELECT fixlify_secure_tenant_table('automation_execution_waits'::regclass);

-- A backtest replays one organization's events of a type over a period, and a wait that starts looks for its event among
-- those that happened since: both read this index instead of the whole outbox.
CREATE INDEX idx_events_org_type_time ON automation_events (organization_id, event_type, occurred_at);

-- When the client confirmed the appointment (a reply to the confirmation text sets it).
ALTER TABLE jobs ADD COLUMN confirmed_at timestamptz;
