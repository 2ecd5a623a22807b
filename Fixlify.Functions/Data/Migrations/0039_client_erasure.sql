-- Erasure of a client's personal data on request (POST /api/clients/{id}/erase; Data/ClientErasure.cs).

-- An opt-out outlives the erasure of its number: the number is kept only as a one-way hash (SHA-256 of the organization
-- and the E.164 number), which the suppression check compares with the hash of the number about to be texted.
CREATE FUNCTION fixlify_phone_hash(organization uuid, e164 text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT encode(sha256(convert_to(organization::text || ':' || e164, 'UTF8')), 'hex') $$;

CREATE TABLE sms_suppression_hashes (
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    phone_hash       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, phone_hash)
);
SELECT fixlify_secure_tenant_table('sms_suppression_hashes'::regclass);

-- What was erased, when and by whom: counts only, never the data.
CREATE TABLE automation_erasures (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id    uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    client_id          uuid NOT NULL,
    requested_by       text NOT NULL,
    executions         integer NOT NULL,
    cancelled          integer NOT NULL,
    rows_changed       integer NOT NULL,
    histories_purged   integer NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_erasures_org_client ON automation_erasures (organization_id, client_id, created_at);
SELECT fixlify_secure_tenant_table('automation_erasures'::regclass);
