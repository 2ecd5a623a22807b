-- Inbound texts count once, in the order the provider received them (issue 22).

-- Every inbound provider message handled, by the provider's message id: the route claims its id in the transaction
-- that applies the message (consent keyword, reply to a waiting execution), so a retried or doubled delivery finds the
-- id taken and changes nothing. Only the id and when it came are kept (no number, no text), for 30 days: the
-- scheduler tick deletes older rows (providers retry for hours, not weeks). Not an organization's data: the message is
-- claimed before anyone knows which organization it is for, so only the service login (the inbound route) reads it.
CREATE TABLE sms_inbound_messages (
    provider     varchar(20) NOT NULL,
    message_id   text NOT NULL,
    received_at  timestamptz NOT NULL,   -- when the provider received it
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, message_id)
);
CREATE INDEX idx_sms_inbound_messages_created ON sms_inbound_messages (created_at);
ALTER TABLE sms_inbound_messages OWNER TO fixlify_owner;
ALTER TABLE sms_inbound_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_inbound_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY service_all ON sms_inbound_messages TO fixlify_service USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON sms_inbound_messages TO fixlify_owner USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON sms_inbound_messages TO fixlify_service;

-- The latest consent change of each number: opted out or in, and when (the moment the provider received the keyword;
-- for the office or the carrier, when they changed it). A keyword older than the number's latest change is late (a
-- delayed or retried delivery) and changes nothing: a START sent before a STOP never undoes it.
CREATE TABLE sms_consent_changes (
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    phone_e164       varchar(16) NOT NULL CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
    opted_out        boolean NOT NULL,
    changed_at       timestamptz NOT NULL,
    PRIMARY KEY (organization_id, phone_e164)
);
SELECT fixlify_secure_tenant_table('sms_consent_changes'::regclass);

-- The numbers already on a list opted out when their entry was written.
INSERT INTO sms_consent_changes (organization_id, phone_e164, opted_out, changed_at)
SELECT organization_id, phone_e164, true, created_at FROM sms_suppressions;
