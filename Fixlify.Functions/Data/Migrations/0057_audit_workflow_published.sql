-- A draft published (issue 26, ADR 0021) is its own audit action: its row says the version before and the one published,
-- with how many executions in flight were told to move to it and how many were cancelled.
ALTER TABLE automation_audit_entries DROP CONSTRAINT automation_audit_entries_action_check;
ALTER TABLE automation_audit_entries ADD CONSTRAINT automation_audit_entries_action_check CHECK (action IN (
    'workflow_created', 'workflow_saved', 'workflow_deleted', 'workflow_activated', 'workflow_deactivated',
    'workflow_run', 'execution_cancelled', 'execution_retried', 'suppression_added', 'suppression_removed',
    'client_erased', 'setting_changed', 'workflow_published'));
