-- Issue 26: a workflow's versions as a history a person reads, and a draft that is saved without going live.

-- Who saved each version (the token's subject, and the person's name when the token gave one), a one-line summary of
-- what changed from the version before, the schedule it was saved with (a restore brings it back), and which version
-- it restored, when it is a restore. Versions saved before this have none of these: the history says so.
ALTER TABLE automation_workflow_versions
    ADD COLUMN saved_by       text,
    ADD COLUMN saved_by_name  text,
    ADD COLUMN summary        text,
    ADD COLUMN schedule       jsonb,
    ADD COLUMN restored_from  integer;

-- The executions of a workflow by version and status: the history's "started on it" and "running now" counts.
CREATE INDEX idx_logs_workflow_version_status ON automation_execution_logs (workflow_id, workflow_version, status);

-- A workflow's draft: a definition saved, checked, not live. The live version keeps running until the draft is
-- published (it then becomes the next version, and the draft is gone). One draft per workflow.
CREATE TABLE automation_workflow_drafts (
    workflow_id      uuid PRIMARY KEY REFERENCES automation_workflows(id) ON DELETE CASCADE,
    organization_id  uuid NOT NULL,
    name             text NOT NULL,
    description      text,
    trigger_type     varchar(50) NOT NULL,
    trigger_config   jsonb NOT NULL DEFAULT '{}',
    nodes            jsonb NOT NULL DEFAULT '[]',
    edges            jsonb NOT NULL DEFAULT '[]',
    steps            jsonb NOT NULL DEFAULT '[]',
    schedule         jsonb,
    based_on         integer NOT NULL,               -- the live version the draft was made from
    saved_by         text,
    saved_by_name    text,
    saved_at         timestamptz NOT NULL DEFAULT now()
);
SELECT fixlify_secure_tenant_table('automation_workflow_drafts'::regclass);
