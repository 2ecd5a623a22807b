-- invoices.balance_due: what is still open on an invoice, so a message says it with a plain variable
-- (`{{ invoice.balance_due | currency }}`) instead of arithmetic in Liquid.
ALTER TABLE invoices
    ADD COLUMN balance_due numeric(12, 2) GENERATED ALWAYS AS (total - amount_paid) STORED;

-- The catalog's templates as messages a person reads and the builder can show as text with chips (docs/templates.md,
-- "The chip grammar"): no {% assign %} or {% if %}, money with `| currency` (the organization's currency), dates with one
-- of the catalog's date formats in the recipient's zone (the renderer's own default: the client's, else the
-- organization's), fallbacks with `| default:`. The weekly schedule keeps its {% for %} over the technician's jobs (a
-- list chips cannot show: that one field opens in code view). Rewritten in place by the templates' fixed ids (0009,
-- 0014); each change replaces one exact piece of a template's text.

UPDATE automation_templates SET steps = replace(steps::text, '{% assign zone = client.time_zone | default: organization.time_zone %}{{ job.scheduled_start | time_zone: zone | date: \"%A, %B %-d at %-I:%M %p\" }}', '{{ job.scheduled_start | date: \"%A, %B %-d at %-I:%M %p\" }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000001';

UPDATE automation_templates SET steps = replace(steps::text, '{% assign zone = client.time_zone | default: organization.time_zone %}{{ job.scheduled_start | time_zone: zone | date: \"%A, %B %-d\" }}', '{{ job.scheduled_start | date: \"%A, %B %-d\" }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000001';

UPDATE automation_templates SET steps = replace(steps::text, '{% if technician %} with {{ technician.first_name }}{% endif %}', ' with {{ technician.first_name | default: \"our team\" }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000003';

UPDATE automation_templates SET steps = replace(steps::text, '${{ invoice.total | format_number: \"N2\" }} is ready{% if invoice.due_date %} and due on {{ invoice.due_date | date: \"%B %-d, %Y\" }}{% endif %}', '{{ invoice.total | currency }} is ready and due on {{ invoice.due_date | date: \"%B %-d, %Y\" | default: \"receipt\" }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000004';

UPDATE automation_templates SET steps = replace(steps::text, '${{ invoice.total | minus: invoice.amount_paid | format_number: \"N2\" }} is still open', '{{ invoice.balance_due | currency }} is still open')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates SET steps = replace(steps::text, '(${{ invoice.total | minus: invoice.amount_paid | format_number: \"N2\" }})', '({{ invoice.balance_due | currency }})')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates SET steps = replace(steps::text, '{{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %} about', '{{ client.first_name }} {{ client.last_name }} about')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates SET steps = replace(steps::text, 'with ${{ invoice.total | minus: invoice.amount_paid | format_number: \"N2\" }} open.', 'with {{ invoice.balance_due | currency }} open.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000005';

UPDATE automation_templates SET steps = replace(steps::text, 'for ${{ estimate.total | format_number: \"N2\" }} a few days ago{% if estimate.valid_until %}; it is valid until {{ estimate.valid_until | date: \"%B %-d, %Y\" }}{% endif %}.', 'for {{ estimate.total | currency }} a few days ago; it is valid until {{ estimate.valid_until | date: \"%B %-d, %Y\" | default: \"further notice\" }}.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000006';

UPDATE automation_templates SET steps = replace(steps::text, '{{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}', '{{ client.first_name }} {{ client.last_name }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000006';

UPDATE automation_templates SET steps = replace(steps::text, '(${{ estimate.total | format_number: \"N2\" }})', '({{ estimate.total | currency }})')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000006';

UPDATE automation_templates SET steps = replace(steps::text, '"{% if client %}{{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}{% endif %}{% if job.scheduled_start %}, {{ job.scheduled_start | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }}{% endif %}"', '"For {{ client.first_name | default: \"a client\" }} {{ client.last_name }}, starting {{ job.scheduled_start | date: \"%A, %B %-d at %-I:%M %p\" | default: \"when the office schedules it\" }}"')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000009';

UPDATE automation_templates SET steps = replace(steps::text, '{{ job.title }}{% if client %} for {{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}{% endif %}{% if job.scheduled_start %} on {{ job.scheduled_start | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }}{% endif %}.', '{{ job.title }} for {{ client.first_name | default: \"a client\" }} {{ client.last_name }}, starting {{ job.scheduled_start | date: \"%A, %B %-d at %-I:%M %p\" | default: \"when the office schedules it\" }}.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-000000000009';

UPDATE automation_templates SET steps = replace(steps::text, '{% if technician.upcoming_jobs.size == 0 %}You have no jobs scheduled for the next 7 days.{% else %}Your jobs for the next 7 days:\n{% for upcoming in technician.upcoming_jobs %}\n- {{ upcoming.scheduled_start | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }}: {{ upcoming.title }}{% if upcoming.client_name != blank %} for {{ upcoming.client_name }}{% endif %}{% if upcoming.address %}, {{ upcoming.address }}{% endif %}{% endfor %}{% endif %}', 'Your jobs for the next 7 days:\n{% for upcoming in technician.upcoming_jobs %}\n- {{ upcoming.scheduled_start | date: \"%A, %B %-d at %-I:%M %p\" }}: {{ upcoming.title }} for {{ upcoming.client_name | default: \"no client\" }}, {{ upcoming.address | default: \"no address given\" }}{% else %}\nNone yet: nothing is scheduled for you.{% endfor %}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-00000000000a';

UPDATE automation_templates SET steps = replace(steps::text, '${{ invoice.amount_paid | format_number: \"N2\" }}', '{{ invoice.amount_paid | currency }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-00000000000b';

UPDATE automation_templates SET steps = replace(steps::text, '{{ job.title }}{% if client %} for {{ client.first_name }}{% if client.last_name %} {{ client.last_name }}{% endif %}{% endif %}', '{{ job.title }} for {{ client.first_name | default: \"a client\" }} {{ client.last_name }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-00000000000c';

UPDATE automation_templates SET steps = replace(steps::text, '{{ job.scheduled_end | time_zone: organization.time_zone | date: \"%a %b %-d, %-I:%M %p\" }} and still {{ job.status }} an hour later', '{{ job.scheduled_end | date: \"%A, %B %-d at %-I:%M %p\" }} and still not completed an hour later')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-00000000000c';

UPDATE automation_templates SET steps = replace(steps::text, '{% assign zone = client.time_zone | default: organization.time_zone %}{{ job.scheduled_start | time_zone: zone | date: \"%A, %B %-d at %-I:%M %p\" }}', '{{ job.scheduled_start | date: \"%A, %B %-d at %-I:%M %p\" }}')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-00000000000d';

UPDATE automation_templates SET steps = replace(steps::text, '{% if steps.reply.reply %}Their reply to the confirmation text: {{ steps.reply.reply }}{% else %}No answer to the confirmation text in 24 hours.{% endif %}', 'Their reply to the confirmation text: {{ steps.reply.reply | default: \"none in 24 hours\" }}.')::jsonb
 WHERE id = '7e3b1a7e-0000-4000-8000-00000000000d';
