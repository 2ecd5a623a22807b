-- The shared template catalog: field-service workflows an organization instantiates (POST /api/templates/{id}/instantiate)
-- and then edits like any workflow. Rows with organization_id NULL and is_public true are the catalog; fixed ids, so a
-- later migration can revise a template in place. Every template here must compile and pass the trigger and schedule
-- checks of a saved workflow (Workflows/TemplateCatalogTests).

-- A recurring template carries its cron and time zone, as a workflow does.
ALTER TABLE automation_templates ADD COLUMN schedule JSONB;

-- The categories GET /api/templates filters on (Workflows/TemplateCategories.cs lists the same).
ALTER TABLE automation_templates ADD CONSTRAINT automation_templates_category_check
    CHECK (category IS NULL OR category IN ('appointments', 'jobs', 'billing', 'sales', 'clients', 'team'));

-- The API only counts uses: it may bump usage_count and nothing else, so no tenant can rewrite a shared template.
REVOKE UPDATE ON automation_templates FROM fixlify_app;
GRANT UPDATE (usage_count) ON automation_templates TO fixlify_app;

INSERT INTO automation_templates (id, name, description, category, trigger_type, trigger_config, schedule, steps, is_public, organization_id) VALUES

('7e3b1a7e-0000-4000-8000-000000000001',
 'Appointment reminder, 24 hours before',
 'When a job is booked with a start time, text the client a reminder 24 hours before it (email if they cannot get texts). Skipped if the job is no longer scheduled by then.',
 'appointments', 'job_created', '{}', NULL,
 '[{"id": "has-start", "type": "condition", "label": "The job has a start time",
    "config": {"all": [{"field": "job.scheduled_start", "op": "exists"}]},
    "then": [
      {"id": "day-before", "type": "delay", "label": "Wait until 24 hours before the job",
       "config": {"until": "job.scheduled_start", "offset": "-PT24H"}},
      {"id": "remind", "type": "action", "actionType": "send_message", "label": "Remind the client",
       "onlyIf": {"all": [{"field": "job.status", "op": "eq", "value": "scheduled"}]},
       "config": {
         "channels": ["sms", "email"],
         "sms": {"message": "Hi {{ client.first_name }}, this is {{ organization.name }} reminding you of your appointment ({{ job.title }}) on {% assign zone = client.time_zone | default: organization.time_zone %}{{ job.scheduled_start | time_zone: zone | date: \"%A, %B %-d at %-I:%M %p\" }}. Reply STOP to opt out."},
         "email": {
           "subject": "Reminder: {{ job.title }} on {% assign zone = client.time_zone | default: organization.time_zone %}{{ job.scheduled_start | time_zone: zone | date: \"%A, %B %-d\" }}",
           "text": "Hi {{ client.first_name }},\n\nThis is a reminder of your appointment with {{ organization.name }}: {{ job.title }}, on {% assign zone = client.time_zone | default: organization.time_zone %}{{ job.scheduled_start | time_zone: zone | date: \"%A, %B %-d at %-I:%M %p\" }}.\n\nNeed another time? Just reply to this email.\n\n{{ organization.name }}"}}}
    ]}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000002',
 'Technician on the way',
 'When a job moves to in progress, text the client that the technician is on the way.',
 'appointments', 'job_status_changed', '{"toStatus": "in_progress"}', NULL,
 '[{"id": "on-the-way", "type": "action", "actionType": "send_sms", "label": "Text the client",
    "config": {"message": "Hi {{ client.first_name }}, {{ technician.first_name | default: \"your technician\" }} from {{ organization.name }} is on the way for {{ job.title }}. Reply STOP to opt out."}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000003',
 'Job completed: thank-you and review request',
 'When a job is completed, email the client a thank-you that asks how the visit went.',
 'jobs', 'job_completed', '{}', NULL,
 '[{"id": "thank-you", "type": "action", "actionType": "send_email", "label": "Thank the client and ask for a review",
    "config": {
      "subject": "Thank you, {{ client.first_name }}!",
      "text": "Hi {{ client.first_name }},\n\nThank you for choosing {{ organization.name }} for {{ job.title }}. We hope everything works just as it should.\n\nHow did we do? Reply to this email with a rating from 1 to 5 and a few words about your visit{% if technician %} with {{ technician.first_name }}{% endif %}. Every review helps a local business like ours.\n\nThank you,\n{{ organization.name }}",
      "html": "<p>Hi {{ client.first_name }},</p><p>Thank you for choosing {{ organization.name }} for <strong>{{ job.title }}</strong>. We hope everything works just as it should.</p><p>How did we do? Reply to this email with a rating from 1 to 5 and a few words about your visit{% if technician %} with {{ technician.first_name }}{% endif %}. Every review helps a local business like ours.</p><p>Thank you,<br>{{ organization.name }}</p>"}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000004',
 'Invoice sent notice',
 'When an invoice is sent, email the client its number, amount and due date.',
 'billing', 'invoice_sent', '{}', NULL,
 '[{"id": "invoice-email", "type": "action", "actionType": "send_email", "label": "Tell the client about the invoice",
    "config": {
      "subject": "Invoice {{ invoice.number }} from {{ organization.name }}",
      "text": "Hi {{ client.first_name }},\n\nYour invoice {{ invoice.number }} for ${{ invoice.total | format_number: \"N2\" }} is ready{% if invoice.due_date %} and due on {{ invoice.due_date | date: \"%B %-d, %Y\" }}{% endif %}.\n\nQuestions about it? Just reply to this email.\n\nThank you,\n{{ organization.name }}"}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000005',
 'Overdue invoice escalation',
 'An unpaid invoice 3 days past due gets an email; at 7 days a text; at 14 days a task for the office to call. Each step first checks the invoice again and is skipped once it is paid or voided.',
 'billing', 'invoice_overdue', '{"daysOverdue": 3}', NULL,
 '[{"id": "email-day-3", "type": "action", "actionType": "send_email", "label": "Email reminder (3 days overdue)",
    "onlyIf": {"all": [{"field": "invoice.status", "op": "in", "value": ["sent", "partially_paid"]}]},
    "config": {
      "subject": "Reminder: invoice {{ invoice.number }} is past due",
      "text": "Hi {{ client.first_name }},\n\nA friendly reminder that invoice {{ invoice.number }} from {{ organization.name }} was due on {{ invoice.due_date | date: \"%B %-d, %Y\" }}, and ${{ invoice.total | minus: invoice.amount_paid | format_number: \"N2\" }} is still open.\n\nIf you have already paid, thank you, and please ignore this email. Questions? Just reply.\n\n{{ organization.name }}"}},
   {"id": "wait-to-day-7", "type": "delay", "label": "Wait 4 days", "config": {"duration": "P4D"}},
   {"id": "text-day-7", "type": "action", "actionType": "send_sms", "label": "Text reminder (7 days overdue)",
    "onlyIf": {"all": [{"field": "invoice.status", "op": "in", "value": ["sent", "partially_paid"]}]},
    "config": {"message": "Hi {{ client.first_name }}, {{ organization.name }} here: invoice {{ invoice.number }} (${{ invoice.total | minus: invoice.amount_paid | format_number: \"N2\" }}) is now a week past due. Please pay it or reply with any question. Reply STOP to opt out."}},
   {"id": "wait-to-day-14", "type": "delay", "label": "Wait 7 days", "config": {"duration": "P7D"}},
   {"id": "call-day-14", "type": "action", "actionType": "create_task", "label": "Task for the office (14 days overdue)",
    "onlyIf": {"all": [{"field": "invoice.status", "op": "in", "value": ["sent", "partially_paid"]}]},
    "config": {
      "title": "Call {{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %} about overdue invoice {{ invoice.number }}",
      "description": "Invoice {{ invoice.number }} is 14 days past due with ${{ invoice.total | minus: invoice.amount_paid | format_number: \"N2\" }} open. The client got an email at 3 days and a text at 7.",
      "dueIn": "P1D"}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000006',
 'Estimate follow-up after 3 days',
 'Three days after an estimate is sent, if the client has not answered, email them and give the office a task to call.',
 'sales', 'estimate_sent', '{}', NULL,
 '[{"id": "wait-3-days", "type": "delay", "label": "Wait 3 days", "config": {"duration": "P3D"}},
   {"id": "follow-up-email", "type": "action", "actionType": "send_email", "label": "Ask the client about the estimate",
    "onlyIf": {"all": [{"field": "estimate.status", "op": "eq", "value": "sent"}]},
    "config": {
      "subject": "Any questions about estimate {{ estimate.number }}?",
      "text": "Hi {{ client.first_name }},\n\nWe sent you estimate {{ estimate.number }} for ${{ estimate.total | format_number: \"N2\" }} a few days ago{% if estimate.valid_until %}; it is valid until {{ estimate.valid_until | date: \"%B %-d, %Y\" }}{% endif %}. Do you have any questions, or shall we book the work?\n\nJust reply to this email.\n\n{{ organization.name }}"}},
   {"id": "follow-up-call", "type": "action", "actionType": "create_task", "label": "Task for the office to call",
    "onlyIf": {"all": [{"field": "estimate.status", "op": "eq", "value": "sent"}]},
    "config": {
      "title": "Follow up on estimate {{ estimate.number }} with {{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}",
      "description": "Estimate {{ estimate.number }} (${{ estimate.total | format_number: \"N2\" }}) was sent 3 days ago and has no answer yet.",
      "dueIn": "P1D"}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000007',
 'New client welcome',
 'When a client is added, email them a welcome from the business.',
 'clients', 'client_created', '{}', NULL,
 '[{"id": "welcome", "type": "action", "actionType": "send_email", "label": "Welcome the client",
    "config": {
      "subject": "Welcome to {{ organization.name }}",
      "text": "Hi {{ client.first_name }},\n\nWelcome to {{ organization.name }}! We are glad to have you. We will send appointment reminders and invoices to this address; reply to any of our emails to reach the office.\n\nSee you soon,\n{{ organization.name }}",
      "html": "<p>Hi {{ client.first_name }},</p><p>Welcome to {{ organization.name }}! We are glad to have you. We will send appointment reminders and invoices to this address; reply to any of our emails to reach the office.</p><p>See you soon,<br>{{ organization.name }}</p>"}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000008',
 'Win back inactive clients (180 days)',
 'When a client has had no job for 180 days, email them an invitation to book again.',
 'clients', 'client_inactive', '{"inactiveDays": 180}', NULL,
 '[{"id": "we-miss-you", "type": "action", "actionType": "send_email", "label": "Invite the client back",
    "config": {
      "subject": "It has been a while, {{ client.first_name }}",
      "text": "Hi {{ client.first_name }},\n\nIt has been about six months since {{ organization.name }} last worked with you. If anything needs a look, whether a check-up, a repair or a second opinion, reply to this email and we will find a time that suits you.\n\n{{ organization.name }}"}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-000000000009',
 'Technician assigned notice',
 'When a job gets a technician (from the office or an automation), notify the technician by push, or by text when they have no push subscription.',
 'team', 'job_technician_assigned', '{"allowAutomationOrigin": true}', NULL,
 '[{"id": "notify-technician", "type": "action", "actionType": "send_message", "label": "Notify the technician",
    "config": {
      "channels": ["push", "sms"],
      "push": {
        "userId": "{{ technician.user_id }}",
        "title": "New job: {{ job.title }}",
        "body": "{% if client %}{{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}{% endif %}{% if job.scheduled_start %}, {{ job.scheduled_start | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }}{% endif %}",
        "url": "/jobs/{{ job.id }}"},
      "sms": {
        "to": "{{ technician.phone }}",
        "message": "{{ organization.name }}: you have a new job, {{ job.title }}{% if client %} for {{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}{% endif %}{% if job.scheduled_start %} on {{ job.scheduled_start | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }}{% endif %}."}}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-00000000000a',
 'Weekly schedule email to each technician',
 'Every Monday at 07:00, email each active technician their jobs for the next 7 days. Change the time zone when you add it.',
 'team', 'recurring', '{}', '{"cron": "0 7 * * 1", "timeZone": "America/New_York"}',
 '[{"id": "each-technician", "type": "loop", "label": "For each active technician",
    "config": {"over": "technicians", "as": "technician", "maxIterations": 200},
    "body": [
      {"id": "has-email", "type": "condition", "label": "The technician has an email address",
       "config": {"all": [{"field": "technician.email", "op": "exists"}]},
       "then": [
         {"id": "schedule-email", "type": "action", "actionType": "send_email", "label": "Email the week''s jobs", "continueOnError": true,
          "config": {
            "to": "{{ technician.email }}",
            "subject": "Your jobs for the week, {{ technician.first_name }}",
            "text": "Hi {{ technician.first_name }},\n\n{% if technician.upcoming_jobs.size == 0 %}You have no jobs scheduled for the next 7 days.{% else %}Your jobs for the next 7 days:\n{% for upcoming in technician.upcoming_jobs %}\n- {{ upcoming.scheduled_start | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }}: {{ upcoming.title }}{% if upcoming.client_name != blank %} for {{ upcoming.client_name }}{% endif %}{% if upcoming.address %}, {{ upcoming.address }}{% endif %}{% endfor %}{% endif %}\n\nHave a good week,\n{{ organization.name }}"}}]}]}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-00000000000b',
 'Payment received thank-you',
 'When an invoice is paid, email the client a thank-you with the amount received.',
 'billing', 'invoice_paid', '{}', NULL,
 '[{"id": "receipt", "type": "action", "actionType": "send_email", "label": "Thank the client for paying",
    "config": {
      "subject": "Payment received: invoice {{ invoice.number }}",
      "text": "Hi {{ client.first_name }},\n\nWe received your payment of ${{ invoice.amount_paid | format_number: \"N2\" }} for invoice {{ invoice.number }}. Thank you!\n\n{{ organization.name }}"}}]',
 true, NULL),

('7e3b1a7e-0000-4000-8000-00000000000c',
 'Late job alert for the office',
 'When a job is still not completed an hour after its scheduled end, give the office a task to check on it.',
 'jobs', 'job_overdue', '{"graceMinutes": 60}', NULL,
 '[{"id": "late-job", "type": "action", "actionType": "create_task", "label": "Task for the office",
    "config": {
      "title": "Job running late: {{ job.title }}{% if client %} for {{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}{% endif %}",
      "description": "Scheduled to end {{ job.scheduled_end | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }} and still {{ job.status }} an hour later. Check in with {{ technician.first_name | default: \"the technician\" }}.",
      "dueIn": "PT2H"}}]',
 true, NULL);
