-- Outages held, not failed (issue 25, ADR 0019). A circuit per provider (smtp, telnyx, web_push) and organization: it
-- counts the provider's failures that are not a message's fault (unreachable, 5xx, 429, timeouts) and opens after
-- repeated ones; while it is open, steps that would send through that provider are held (a row here) instead of failing,
-- one held step at a time probes it, and when it answers again the circuit closes and the held steps go out, oldest first.
CREATE TABLE automation_provider_circuits (
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    provider         text NOT NULL,
    state            text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open')),
    failures         integer NOT NULL DEFAULT 0,
    cause            text,
    failing_since    timestamptz,
    opened_at        timestamptz,
    probe_at         timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, provider)
);
SELECT fixlify_secure_tenant_table('automation_provider_circuits'::regclass);

-- The steps held: the orchestration of each waits (a durable timer) and asks, at each check, whether it may go.
CREATE TABLE automation_held_steps (
    execution_id     uuid NOT NULL REFERENCES automation_execution_logs(id) ON DELETE CASCADE,
    step_key         text NOT NULL,
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    provider         text NOT NULL,
    held_at          timestamptz NOT NULL,
    PRIMARY KEY (execution_id, step_key)
);
CREATE INDEX idx_held_steps_provider ON automation_held_steps (organization_id, provider, held_at, execution_id);
SELECT fixlify_secure_tenant_table('automation_held_steps'::regclass);
