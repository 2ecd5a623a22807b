-- The catalog's texts say the real figure (issue 22): an automation switched on "also for these now", or a tick that ran
-- late, reaches a record further past its threshold than the threshold says — an invoice 10 days overdue must not be
-- told "a week". The overdue escalation's email quotes the event's real figure (`trigger.daysActuallyOverdue`, a chip:
-- "Invoice's days past due"); its text and the office's task give the due date instead of a count of days (they go out
-- later, after waits); the win-back email and the late-job task drop their fixed "six months" and "an hour later".
-- Each change replaces one exact piece of a template's text, by the templates' fixed ids (0009, 0019).

UPDATE automation_templates SET steps = replace(steps::text, 'was due on {{ invoice.due_date | date: \"%B %-d, %Y\" }}, and {{ invoice.balance_due | currency }} is still open.', 'was due on {{ invoice.due_date | date: \"%B %-d, %Y\" }}, {{ trigger.daysActuallyOverdue }} days ago, and {{ invoice.balance_due | currency }} is still open.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates SET steps = replace(steps::text, '({{ invoice.balance_due | currency }}) is now a week past due.', '({{ invoice.balance_due | currency }}), due on {{ invoice.due_date | date: \"%B %-d, %Y\" }}, is still unpaid.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates SET steps = replace(steps::text, 'Invoice {{ invoice.number }} is 14 days past due with {{ invoice.balance_due | currency }} open. The client got an email at 3 days and a text at 7.', 'Invoice {{ invoice.number }}, due on {{ invoice.due_date | date: \"%B %-d, %Y\" }}, is still unpaid with {{ invoice.balance_due | currency }} open. The client got a reminder by email and then by text.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates SET steps = replace(steps::text, 'It has been about six months since {{ organization.name }} last worked with you.', 'It has been a while since {{ organization.name }} last worked with you.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000008';

UPDATE automation_templates SET steps = replace(steps::text, 'and still not completed an hour later.', 'and it is still not completed.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-00000000000c';
