-- The builder's per-step counts (GET /api/workflows/{id}/step-stats), answered from indexes alone.

-- Steps of a workflow in a period: what the period's counts read (step_key, status; organization_id for the
-- row-level security policy) is in the index, so no table page is visited once the visibility map is set.
CREATE INDEX idx_steps_workflow_started ON automation_execution_steps(workflow_id, started_at)
    INCLUDE (step_key, status, organization_id);

-- Steps of a workflow running or waiting right now, whenever they started: a small partial index.
CREATE INDEX idx_steps_workflow_open ON automation_execution_steps(workflow_id, status)
    INCLUDE (step_key, organization_id)
    WHERE status IN ('processing', 'waiting');
