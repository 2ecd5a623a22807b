-- Replies that came in while no wait was written yet: the text goes out in one activity and its wait_for_reply is
-- written by the next (StartWait), so a quick reply can fall between the two. The inbound route keeps a text nobody
-- awaited, for each client with the sender's number, for a short time (expires_at); a wait that starts takes the
-- earliest one of its client received after its own text was sent. The text is the client's own message: kept only
-- that long (the scheduler tick deletes it once expired), never logged.
CREATE TABLE automation_unawaited_replies (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    message_id       uuid NOT NULL,          -- one inbound text: the same for each client with the sender's number
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    client_id        uuid NOT NULL,
    received_at      timestamptz NOT NULL,   -- when the provider received it (the webhook's received_at)
    text             text,
    expires_at       timestamptz NOT NULL,
    taken_by         uuid,                   -- the execution whose wait took it, and its step key: a retried start finds it again
    taken_step       text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
-- A starting wait reads its client's replies since its text: an index range read.
CREATE INDEX idx_unawaited_replies_client ON automation_unawaited_replies (organization_id, client_id, received_at);
CREATE INDEX idx_unawaited_replies_expires ON automation_unawaited_replies (expires_at);
SELECT fixlify_secure_tenant_table('automation_unawaited_replies'::regclass);
