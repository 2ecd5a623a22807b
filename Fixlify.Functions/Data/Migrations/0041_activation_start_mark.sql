-- The start mark of an activation (issue 22, "no surprises when switching on"): when a workflow was last switched on,
-- and what the person chose for the records that already qualified for its trigger at that moment — 'skip' (only from
-- now on, the default) or 'include' (also these now) — with how many there were. The time triggers (Triggers/TimeTriggers)
-- fire a record that qualified before activated_at only for 'include'. A workflow never switched on through the
-- activation (activated_at null: created active, or older than this migration) keeps the scheduler's look-back alone.
ALTER TABLE automation_workflows
    ADD COLUMN activated_at timestamptz,
    ADD COLUMN existing_records varchar(10) NOT NULL DEFAULT 'skip' CHECK (existing_records IN ('skip', 'include')),
    ADD COLUMN existing_count integer;
