-- The audit trail (issue 26, ADR 0020): who changed what, when. One row per change — a workflow created, saved, deleted,
-- switched on or off, run now; an execution cancelled or retried; an SMS suppression added or removed; a client erased;
-- a setting changed — written by the use case in the same transaction as the change where the change is one (Data/AuditTrail.cs).
-- Rows are never changed by the app: the app role may only add and read them (under forced row-level security).
CREATE TABLE automation_audit_entries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- Who: the token's subject, and the person's name when the token gives one.
    actor_subject    text NOT NULL,
    actor_name       text,
    action           text NOT NULL CHECK (action IN (
                         'workflow_created', 'workflow_saved', 'workflow_deleted', 'workflow_activated', 'workflow_deactivated',
                         'workflow_run', 'execution_cancelled', 'execution_retried', 'suppression_added', 'suppression_removed',
                         'client_erased', 'setting_changed')),
    -- What it concerns: the workflow (kept after the workflow is deleted: no foreign key), and the record of the change
    -- (an execution, a suppression entry, a client), with its name as it was then (a workflow's name, a masked number).
    workflow_id      uuid,
    record_id        uuid,
    subject_name     text,
    -- Before and after, when short (a version number, a setting's value).
    before_value     text CHECK (length(before_value) <= 500),
    after_value      text CHECK (length(after_value) <= 500)
);
CREATE INDEX idx_audit_org_time ON automation_audit_entries (organization_id, created_at DESC, id DESC);
CREATE INDEX idx_audit_org_workflow_time ON automation_audit_entries (organization_id, workflow_id, created_at DESC, id DESC) WHERE workflow_id IS NOT NULL;
SELECT fixlify_secure_tenant_table('automation_audit_entries'::regclass);
REVOKE UPDATE, DELETE ON automation_audit_entries FROM fixlify_app;
