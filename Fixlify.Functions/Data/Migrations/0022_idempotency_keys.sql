-- Idempotent creation (POST /api/workflows, template instantiate): the key a client sent, per organization, with a
-- hash of the request it came with and the workflow it created. A repeat with the same request gets the same answer;
-- with another request, 422. Kept for 24 hours (the scheduler tick deletes older keys, and an older one is reused).
CREATE TABLE idempotency_keys (
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    key              varchar(255) NOT NULL,
    request_hash     bytea NOT NULL,
    workflow_id      uuid REFERENCES automation_workflows(id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, key)
);
CREATE INDEX idx_idempotency_keys_created ON idempotency_keys(created_at);
SELECT fixlify_secure_tenant_table('idempotency_keys'::regclass);
