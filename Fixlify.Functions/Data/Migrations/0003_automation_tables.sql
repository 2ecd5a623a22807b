-- The four tables of the original design, with every column it gives, plus what the Azure design adds:
-- a workflow version and schedule, an execution snapshot, the outbox of business events and the
-- ledger of side effects already done.

CREATE TABLE automation_workflows (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    description TEXT,

    trigger_type VARCHAR(50) NOT NULL,
    trigger_config JSONB DEFAULT '{}',

    nodes JSONB DEFAULT '[]',
    edges JSONB DEFAULT '[]',
    steps JSONB DEFAULT '[]',

    is_active BOOLEAN DEFAULT true,
    execution_count INTEGER DEFAULT 0,
    success_count INTEGER DEFAULT 0,
    failure_count INTEGER DEFAULT 0,
    last_triggered_at TIMESTAMPTZ,

    created_by UUID,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),

    -- added
    version INTEGER NOT NULL DEFAULT 1,
    schedule JSONB,                      -- {cron, timeZone} for recurring, {runAt} for scheduled
    next_run_at TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ
);

CREATE TABLE automation_execution_logs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID REFERENCES automation_workflows(id),
    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,

    trigger_type VARCHAR(50) NOT NULL,
    trigger_data JSONB NOT NULL,

    status VARCHAR(20) NOT NULL
        CHECK (status IN ('pending', 'processing', 'waiting', 'completed', 'failed', 'cancelled', 'retry')),
    actions_executed JSONB DEFAULT '[]',
    error_message TEXT,
    retry_count INTEGER DEFAULT 0,

    started_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    execution_time_ms INTEGER,

    created_at TIMESTAMPTZ DEFAULT NOW(),

    -- added
    workflow_version INTEGER,
    definition JSONB,                    -- the compiled plan this execution runs, fixed when it starts
    event_id UUID,
    instance_id TEXT,
    chain_depth INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE automation_templates (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    description TEXT,
    category VARCHAR(50),

    trigger_type VARCHAR(50),
    nodes JSONB DEFAULT '[]',
    edges JSONB DEFAULT '[]',
    steps JSONB DEFAULT '[]',

    usage_count INTEGER DEFAULT 0,
    rating DECIMAL(3,2),

    is_public BOOLEAN DEFAULT false,
    created_by UUID,
    created_at TIMESTAMPTZ DEFAULT NOW(),

    -- added: null for the shared catalog, else the organization's own template
    organization_id UUID REFERENCES organizations(id) ON DELETE CASCADE,
    trigger_config JSONB DEFAULT '{}'
);

CREATE TABLE automation_metrics (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID REFERENCES automation_workflows(id),

    period_start TIMESTAMPTZ NOT NULL,
    period_end TIMESTAMPTZ NOT NULL,

    total_executions INTEGER DEFAULT 0,
    successful_executions INTEGER DEFAULT 0,
    failed_executions INTEGER DEFAULT 0,
    average_execution_time_ms INTEGER,

    emails_sent INTEGER DEFAULT 0,
    sms_sent INTEGER DEFAULT 0,
    webhooks_sent INTEGER DEFAULT 0,

    created_at TIMESTAMPTZ DEFAULT NOW(),

    -- added
    organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE
);

CREATE INDEX idx_workflows_org_active ON automation_workflows(organization_id, is_active);
CREATE INDEX idx_logs_workflow_status ON automation_execution_logs(workflow_id, status);
CREATE INDEX idx_logs_created_status ON automation_execution_logs(created_at, status);
CREATE INDEX idx_metrics_workflow_period ON automation_metrics(workflow_id, period_start);

-- The outbox. A NOTIFY is lost while nobody listens; this table is the truth.
-- No foreign key to organizations: the business row that caused the event was already checked, and a key
-- check here would share-lock the organization's row on every write (measured by `make bench`).
CREATE TABLE automation_events (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL,
    event_type       varchar(50) NOT NULL,
    entity_type      varchar(20) NOT NULL,
    entity_id        uuid,
    payload          jsonb NOT NULL DEFAULT '{}',
    origin           text,               -- null, or the id of the execution whose write caused it
    chain_depth      integer NOT NULL DEFAULT 0,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    relayed_at       timestamptz,
    processed_at     timestamptz
);
-- One small index serves both the relay (relayed_at IS NULL) and the scheduler (processed_at IS NULL).
CREATE INDEX idx_events_pending ON automation_events(occurred_at) WHERE relayed_at IS NULL OR processed_at IS NULL;

-- One row per side effect done: an activity that finds its row does not do the effect again.
CREATE TABLE automation_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    execution_id     uuid NOT NULL,
    step_key         text NOT NULL,
    channel          varchar(30) NOT NULL,
    status           varchar(20) NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'suppressed', 'skipped')),
    provider_id      text,
    result           jsonb,
    client_id        uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (execution_id, step_key)
);
CREATE INDEX idx_deliveries_client_day ON automation_deliveries(organization_id, client_id, created_at);

CREATE TRIGGER touch_updated_at BEFORE UPDATE ON automation_workflows
    FOR EACH ROW EXECUTE FUNCTION fixlify_touch_updated_at();
CREATE TRIGGER touch_updated_at BEFORE UPDATE ON automation_execution_logs
    FOR EACH ROW EXECUTE FUNCTION fixlify_touch_updated_at();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['automation_workflows', 'automation_execution_logs', 'automation_metrics',
                             'automation_events', 'automation_deliveries']
    LOOP
        PERFORM fixlify_secure_tenant_table(t::regclass);
    END LOOP;
END $$;

-- Templates: the shared catalog (organization_id null) is readable by everyone, an organization's own
-- templates only by that organization.
ALTER TABLE automation_templates OWNER TO fixlify_owner;
ALTER TABLE automation_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE automation_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON automation_templates FOR SELECT TO fixlify_app
    USING (organization_id IS NULL OR organization_id = nullif(current_setting('fixlify.org_id', true), '')::uuid);
CREATE POLICY tenant_usage ON automation_templates FOR UPDATE TO fixlify_app
    USING (organization_id IS NULL OR organization_id = nullif(current_setting('fixlify.org_id', true), '')::uuid)
    WITH CHECK (organization_id IS NULL OR organization_id = nullif(current_setting('fixlify.org_id', true), '')::uuid);
CREATE POLICY tenant_write ON automation_templates FOR INSERT TO fixlify_app
    WITH CHECK (organization_id = nullif(current_setting('fixlify.org_id', true), '')::uuid);
CREATE POLICY service_all ON automation_templates TO fixlify_service USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON automation_templates TO fixlify_owner USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON automation_templates TO fixlify_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON automation_templates TO fixlify_service;
