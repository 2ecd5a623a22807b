-- Every change of an execution (started, a step recorded, ended), numbered, so the live stream can send them in
-- order and resume after a reconnect (Last-Event-ID). Kept for a day; the scheduler tick prunes older rows.
CREATE TABLE automation_execution_updates (
    id               bigserial PRIMARY KEY,
    organization_id  uuid NOT NULL,
    execution_id     uuid NOT NULL,
    workflow_id      uuid,
    status           varchar(20) NOT NULL,
    step_key         text,
    step_status      varchar(20),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_execution_updates_org ON automation_execution_updates(organization_id, id);
CREATE INDEX idx_execution_updates_created ON automation_execution_updates(created_at);

SELECT fixlify_secure_tenant_table('automation_execution_updates'::regclass);
GRANT USAGE ON SEQUENCE automation_execution_updates_id_seq TO fixlify_app, fixlify_service;

-- Listing executions by workflow and time, and the waiting ones by version.
CREATE INDEX idx_logs_org_created ON automation_execution_logs(organization_id, created_at DESC, id DESC);
CREATE INDEX idx_logs_workflow_version ON automation_execution_logs(workflow_id, workflow_version) WHERE status = 'waiting';
CREATE INDEX idx_workflows_org_created ON automation_workflows(organization_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
