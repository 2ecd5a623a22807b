-- What each catalog template is for (issue 27): a goal read from the business's own records within a window after the
-- execution starts (triggerConfig.goal, docs/engine.md "Goals and outcomes"). Only the trigger settings change (a
-- targeted jsonb merge), never the steps or the texts. The weekly schedule email is about no record: it has no goal.
UPDATE automation_templates SET trigger_config = coalesce(trigger_config, '{}'::jsonb) || jsonb_build_object('goal', g.goal)
  FROM (VALUES
    -- appointment reminder, 24 hours before: the client confirms before the job
    ('7e3b1a7e-0000-4000-8000-000000000001'::uuid, '{"kind": "appointment_confirmed", "withinDays": 14}'::jsonb),
    -- technician on the way: the job is completed that day or the next
    ('7e3b1a7e-0000-4000-8000-000000000002', '{"kind": "rule", "withinDays": 2, "rule": {"all": [{"field": "job.status", "op": "eq", "value": "completed"}]}}'),
    -- thank-you and review request: the client books again within half a year
    ('7e3b1a7e-0000-4000-8000-000000000003', '{"kind": "job_booked", "withinDays": 180}'),
    -- invoice sent notice: paid within 30 days
    ('7e3b1a7e-0000-4000-8000-000000000004', '{"kind": "invoice_paid", "withinDays": 30}'),
    -- overdue invoice escalation: paid within 14 days of the first reminder
    ('7e3b1a7e-0000-4000-8000-000000000005', '{"kind": "invoice_paid", "withinDays": 14}'),
    -- estimate follow-up: accepted within 14 days
    ('7e3b1a7e-0000-4000-8000-000000000006', '{"kind": "estimate_accepted", "withinDays": 14}'),
    -- new client welcome: a first job within 30 days
    ('7e3b1a7e-0000-4000-8000-000000000007', '{"kind": "job_booked", "withinDays": 30}'),
    -- win back inactive clients: a job within 60 days
    ('7e3b1a7e-0000-4000-8000-000000000008', '{"kind": "job_booked", "withinDays": 60}'),
    -- technician assigned notice: the job is completed within 14 days
    ('7e3b1a7e-0000-4000-8000-000000000009', '{"kind": "rule", "withinDays": 14, "rule": {"all": [{"field": "job.status", "op": "eq", "value": "completed"}]}}'),
    -- payment received thank-you: the client books again within half a year
    ('7e3b1a7e-0000-4000-8000-00000000000b', '{"kind": "job_booked", "withinDays": 180}'),
    -- late job alert: the office's task is done within a day
    ('7e3b1a7e-0000-4000-8000-00000000000c', '{"kind": "task_done", "withinDays": 1}'),
    -- appointment confirmation by text: confirmed within 3 days (and before the job)
    ('7e3b1a7e-0000-4000-8000-00000000000d', '{"kind": "appointment_confirmed", "withinDays": 3}')
  ) AS g(id, goal)
 WHERE automation_templates.organization_id IS NULL AND automation_templates.id = g.id;
