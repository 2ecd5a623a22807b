-- A catalog template that listens: the day before a job, text the client asking to confirm, wait up to 24 hours for the
-- answer, and act on it (Workflows/TemplateCatalogTests, Engine/WaitForReplyTests).
INSERT INTO automation_templates (id, name, description, category, trigger_type, trigger_config, schedule, steps, is_public, organization_id) VALUES

('7e3b1a7e-0000-4000-8000-00000000000d',
 'Appointment confirmation by text',
 'The day before a job, text the client asking them to reply C to confirm or R to reschedule, and wait up to 24 hours. A confirmation marks the job confirmed; a request for another time, or no clear answer, gives the office a task. A client who replies STOP is opted out and nothing more is sent.',
 'appointments', 'job_created', '{}', NULL,
 '[{"id": "has-start", "type": "condition", "label": "The job has a start time",
    "config": {"all": [{"field": "job.scheduled_start", "op": "exists"}]},
    "then": [
      {"id": "day-before", "type": "delay", "label": "Wait until 24 hours before the job",
       "config": {"until": "job.scheduled_start", "offset": "-PT24H"}},
      {"id": "ask", "type": "action", "actionType": "send_sms", "label": "Ask the client to confirm",
       "onlyIf": {"all": [{"field": "job.status", "op": "eq", "value": "scheduled"}]},
       "config": {"message": "Hi {{ client.first_name }}, {{ organization.name }} here: your appointment ({{ job.title }}) is on {% assign zone = client.time_zone | default: organization.time_zone %}{{ job.scheduled_start | time_zone: zone | date: \"%A, %B %-d at %-I:%M %p\" }}. Reply C to confirm or R to reschedule. Reply STOP to opt out."}},
      {"id": "reply", "type": "wait_for_reply", "label": "Wait up to 24 hours for the answer",
       "config": {"timeout": "PT24H"}},
      {"id": "confirmed", "type": "condition", "label": "The client confirmed",
       "config": {"all": [{"field": "steps.reply.intent", "op": "eq", "value": "confirm"}]},
       "then": [
         {"id": "mark-confirmed", "type": "action", "actionType": "update_record", "label": "Mark the job confirmed",
          "config": {"record": "job", "fields": {"confirmed_at": "{{ steps.reply.receivedAt }}"}}}],
       "else": [
         {"id": "wants-another-time", "type": "condition", "label": "The client asked for another time",
          "config": {"all": [{"field": "steps.reply.intent", "op": "eq", "value": "reschedule"}]},
          "then": [
            {"id": "reschedule-task", "type": "action", "actionType": "create_task", "label": "Task: find another time",
             "config": {
               "title": "Reschedule {{ job.title }} for {{ client.first_name }} {{ client.last_name }}",
               "description": "{{ client.first_name }} replied to the confirmation text asking for another time. Call them at {{ client.phone }}.",
               "dueIn": "PT4H"}}],
          "else": [
            {"id": "no-clear-answer", "type": "condition", "label": "No answer, or one that is neither C nor R",
             "config": {"any": [{"field": "steps.reply.intent", "op": "eq", "value": "none"}, {"field": "steps.reply.intent", "op": "eq", "value": "other"}]},
             "then": [
               {"id": "call-task", "type": "action", "actionType": "create_task", "label": "Task: call the client to confirm",
                "onlyIf": {"all": [{"field": "job.status", "op": "eq", "value": "scheduled"}]},
                "config": {
                  "title": "Call {{ client.first_name }} {{ client.last_name }} to confirm {{ job.title }}",
                  "description": "{% if steps.reply.reply %}Their reply to the confirmation text: {{ steps.reply.reply }}{% else %}No answer to the confirmation text in 24 hours.{% endif %} Phone: {{ client.phone }}.",
                  "dueIn": "PT2H"}}]}]}]}]}]',
 true, NULL);
