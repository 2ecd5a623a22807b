-- The catalog's reminder, follow-up and overdue templates stop by themselves when their goal is met or moot (issue 22):
-- only their trigger settings change (a targeted jsonb merge), never their steps or texts.
--   reminders (24 hours before, confirmation by text): stop when the job is cancelled or completed; one per job, the
--   newest replacing a running one;
--   overdue invoice escalation: stop when the invoice is paid or voided;
--   estimate follow-up: stop when the estimate is accepted or declined.
UPDATE automation_templates
   SET trigger_config = coalesce(trigger_config, '{}'::jsonb)
       || '{"stopWhen": {"states": ["job_cancelled", "job_completed"]}, "onePerRecord": "replace"}'::jsonb
 WHERE organization_id IS NULL AND id IN ('7e3b1a7e-0000-4000-8000-000000000001', '7e3b1a7e-0000-4000-8000-00000000000d');

UPDATE automation_templates
   SET trigger_config = coalesce(trigger_config, '{}'::jsonb) || '{"stopWhen": {"states": ["invoice_paid", "invoice_voided"]}}'::jsonb
 WHERE organization_id IS NULL AND id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates
   SET trigger_config = coalesce(trigger_config, '{}'::jsonb) || '{"stopWhen": {"states": ["estimate_accepted", "estimate_declined"]}}'::jsonb
 WHERE organization_id IS NULL AND id = '7e3b1a7e-0000-4000-8000-000000000006';
