-- A workflow's ETag must change with every change a person makes (an edit, switching it on or off), not only with
-- its definition's version (which executions and plans are numbered by): a save that started before someone switched
-- the workflow on would otherwise switch it off again. The counters and the next run time are not a person's change.
ALTER TABLE automation_workflows ADD COLUMN revision integer NOT NULL DEFAULT 1;
