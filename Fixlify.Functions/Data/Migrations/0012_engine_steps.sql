-- The engine's second cut (one walker, a row per step, plans compiled once, no hot workflow rows).

-- A row per step of an execution: recording a step is one upsert, instead of rewriting the execution's whole
-- actions_executed array (which is still filled, once, when the execution ends).
CREATE TABLE automation_execution_steps (
    execution_id     uuid NOT NULL,
    step_key         text NOT NULL,
    organization_id  uuid NOT NULL,
    workflow_id      uuid,
    sequence         integer NOT NULL,             -- order in which the steps started
    step_id          text NOT NULL,
    type             varchar(40) NOT NULL,
    label            text,
    status           varchar(20) NOT NULL
        CHECK (status IN ('processing', 'waiting', 'completed', 'failed', 'skipped', 'suppressed')),
    attempts         integer NOT NULL DEFAULT 1,
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz,
    output           jsonb,                        -- bounded: see ExecutionStepRepository.MaxOutputBytes
    error            text,
    warning          text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (execution_id, step_key)
);
SELECT fixlify_secure_tenant_table('automation_execution_steps'::regclass);

-- Each saved version of a workflow, immutable: what a person saved and the plan compiled from it, so dispatch and
-- start read a plan instead of compiling (and parsing Liquid) for every event. plan_format says which shape of plan
-- the row holds; an older one is compiled again from the saved definition.
CREATE TABLE automation_workflow_versions (
    workflow_id      uuid NOT NULL REFERENCES automation_workflows(id) ON DELETE CASCADE,
    version          integer NOT NULL,
    organization_id  uuid NOT NULL,
    trigger_type     varchar(50) NOT NULL,
    trigger_config   jsonb NOT NULL DEFAULT '{}',
    nodes            jsonb NOT NULL DEFAULT '[]',
    edges            jsonb NOT NULL DEFAULT '[]',
    steps            jsonb NOT NULL DEFAULT '[]',
    plan             jsonb NOT NULL,
    plan_format      integer NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, version)
);
SELECT fixlify_secure_tenant_table('automation_workflow_versions'::regclass);

-- What a person should know about a run that still completed: a loop cut by its bound, a field cut for size.
ALTER TABLE automation_execution_logs ADD COLUMN warnings jsonb;

-- The scheduler's watchdog visits the executions that should be running, oldest check first.
ALTER TABLE automation_execution_logs ADD COLUMN checked_at timestamptz;
CREATE INDEX idx_logs_running_checked ON automation_execution_logs(coalesce(checked_at, 'epoch'::timestamptz))
    WHERE status IN ('processing', 'waiting');

-- The rollup recomputes the hours of executions that changed recently.
CREATE INDEX idx_logs_updated ON automation_execution_logs(updated_at);

-- A workflow's counters come from its hourly rollups (no execution waits on the workflow's row lock any more):
-- the rollup also keeps the hour's latest start.
ALTER TABLE automation_metrics ADD COLUMN last_execution_at timestamptz;

-- Every hour rolled up once, so a workflow's counters (now sums of its hourly rows) start from its whole history.
INSERT INTO automation_metrics (workflow_id, organization_id, period_start, period_end, total_executions, successful_executions,
                                failed_executions, average_execution_time_ms, emails_sent, sms_sent, webhooks_sent, last_execution_at)
SELECT l.workflow_id, l.organization_id, date_trunc('hour', l.created_at), date_trunc('hour', l.created_at) + interval '1 hour',
       count(*), count(*) FILTER (WHERE l.status = 'completed'), count(*) FILTER (WHERE l.status = 'failed'),
       round(avg(l.execution_time_ms) FILTER (WHERE l.status IN ('completed', 'failed')))::integer,
       coalesce(sum(d.emails), 0), coalesce(sum(d.sms), 0), coalesce(sum(d.webhooks), 0), max(l.created_at)
  FROM automation_execution_logs l
  LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE d.channel = 'email') AS emails,
             count(*) FILTER (WHERE d.channel = 'sms') AS sms,
             count(*) FILTER (WHERE d.channel = 'webhook') AS webhooks
        FROM automation_deliveries d
       WHERE d.execution_id = l.id AND d.status IN ('sent', 'sending')) d ON true
 WHERE l.workflow_id IS NOT NULL
 GROUP BY l.workflow_id, l.organization_id, date_trunc('hour', l.created_at)
ON CONFLICT (workflow_id, period_start) DO UPDATE
   SET total_executions = EXCLUDED.total_executions, successful_executions = EXCLUDED.successful_executions,
       failed_executions = EXCLUDED.failed_executions, average_execution_time_ms = EXCLUDED.average_execution_time_ms,
       emails_sent = EXCLUDED.emails_sent, sms_sent = EXCLUDED.sms_sent, webhooks_sent = EXCLUDED.webhooks_sent,
       last_execution_at = EXCLUDED.last_execution_at;
