using Fixlify.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Api;

/// <summary>
/// Every route of the API, described: the standalone host maps them, the Functions in Functions/ must match them
/// (a test checks it), the query string is checked against them, and the OpenAPI document is generated from them.
/// </summary>
internal static class ApiRoutes
{
    // Declared before All: static initializers run in order.
    static readonly ApiParameter TriggerType = new("triggerType", "string", "Only this trigger type.", [.. Workflows.TriggerType.All.Select(t => t.Name)]);

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("GetHealth", "GET", "health", Anonymous: true, c => Api<HealthApi>(c).GetAsync(c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Whether the app and its database answer", Tag = "Service", Responses = new Dictionary<int, string?> { [200] = "Health", [503] = "Health" },
        },
        new("GetOpenApiDocument", "GET", "openapi.json", Anonymous: true, _ => ApiDocument.GetAsync())
        {
            Role = ApiRole.Viewer,
            Summary = "This API's OpenAPI 3 document", Tag = "Service",
        },
        new("GetWebConfig", "GET", "web-config", Anonymous: true, c => Task.FromResult(Api<WebConfigApi>(c).Get()))
        {
            Role = ApiRole.Viewer,
            Summary = "How the web app signs people in: OpenID Connect (authority, client id, scope) or a development token", Tag = "Service",
            Responses = Ok("WebConfig"),
        },
        new("GetCaller", "GET", "me", Anonymous: false, c => Api<CallerApi>(c).GetAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The caller's organization and subject", Tag = "Service", Responses = Ok("Caller"),
        },
        new("ListWorkflows", "GET", "workflows", Anonymous: false, c => Api<WorkflowsApi>(c).ListAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The organization's workflows, newest first, a page at a time", Tag = "Workflows", Responses = Ok("WorkflowPage"),
            Query = [new("active", "boolean", "Only active (true) or inactive (false) workflows."), TriggerType, Paging.Limit, Paging.Cursor],
        },
        new("ValidateWorkflow", "POST", "workflows/validate", Anonymous: false, c => Api<WorkflowsApi>(c).ValidateAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Check a draft without saving it: every problem with its path", Tag = "Workflows", Body = "WorkflowInput", Responses = Ok("Validation", 413),
        },
        new("CreateWorkflow", "POST", "workflows", Anonymous: false, c => Api<WorkflowsApi>(c).CreateAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Create a workflow (validated: every problem with its path)", Tag = "Workflows", Body = "WorkflowInput",
            Headers = [IdempotentCreation.Header], Responses = Status(201, "Workflow", 409, 413, 422),
        },
        new("GetWorkflow", "GET", "workflows/{id}", Anonymous: false, c => Api<WorkflowsApi>(c).GetAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "One workflow (its ETag changes with every edit and every switch on or off)", Tag = "Workflows", Responses = Ok("Workflow", 404),
        },
        new("UpdateWorkflow", "PUT", "workflows/{id}", Anonymous: false, c => Api<WorkflowsApi>(c).UpdateAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Save a new definition; bumps the version (send If-Match to refuse a stale save)", Tag = "Workflows", Body = "WorkflowInput",
            Headers = [IfMatch.Header], Responses = Ok("Workflow", 404, 412, 413),
        },
        new("DeleteWorkflow", "DELETE", "workflows/{id}", Anonymous: false, c => Api<WorkflowsApi>(c).DeleteAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Delete a workflow (executions already running finish)", Tag = "Workflows", Responses = Status(204, null, 404),
        },
        new("GetWorkflowActivation", "GET", "workflows/{id}/activation", Anonymous: false, c => Api<WorkflowsApi>(c).ActivationAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Before switching on: how many records already qualify for the trigger (overdue invoices, jobs booked ahead…), in a sentence, with up to five named",
            Tag = "Workflows", Responses = Ok("ActivationPreview", 404),
        },
        new("ActivateWorkflow", "POST", "workflows/{id}/activate", Anonymous: false, c => Api<WorkflowsApi>(c).ActivateAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor, Doing = "switch automations on or off",
            Summary = "Start running on the workflow's trigger (checked again first); existingRecords chooses whether the records that already qualify start too (skip, the default: only from now on; include)",
            Tag = "Workflows", Body = "ActivateInput", Headers = [IfMatch.Header], Responses = Ok("Workflow", 400, 404, 412, 422),
        },
        new("DeactivateWorkflow", "POST", "workflows/{id}/deactivate", Anonymous: false, c => Api<WorkflowsApi>(c).DeactivateAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor, Doing = "switch automations on or off",
            Summary = "Stop running on the workflow's trigger", Tag = "Workflows", Headers = [IfMatch.Header], Responses = Ok("Workflow", 404, 412),
        },
        new("PauseWorkflow", "POST", "workflows/{id}/pause", Anonymous: false, c => Api<WorkflowPauseApi>(c).PauseAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Pause: the trigger's runs keep coming and wait (paused) in order, running executions hold at their next action", Tag = "Workflows",
            Responses = Ok("PauseState", 404),
        },
        new("ResumeWorkflow", "POST", "workflows/{id}/resume", Anonymous: false, c => Api<WorkflowPauseApi>(c).ResumeAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Resume: the runs that waited go, oldest first (onlyAfter: only those that came after it, the others cancelled saying why)", Tag = "Workflows",
            Body = "ResumeInput", Responses = Ok("Resumed", 400, 404, 409),
        },
        new("StartWorkflowRun", "POST", "workflows/{id}/run", Anonymous: false, c => Api<WorkflowsApi>(c).RunAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Editor, Doing = "run automations",
            Summary = "Run a workflow now, for real: refused without confirm: true (try it first to see the record and the recipients)", Tag = "Workflows", Body = "RunInput", Responses = Status(202, "RunAccepted", 400, 404, 409),
        },
        new("TestWorkflow", "POST", "workflows/{id}/test", Anonymous: false, c => Api<DryRunApi>(c).TestAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor, Doing = "test automations",
            Summary = "Dry-run a workflow (active or not) on real records: every step it would run, rendered and timed; nothing sent or written",
            Tag = "Workflows", Body = "DryRunInput", Responses = Ok("DryRun", 400, 404, 409, 413),
        },
        new("BacktestWorkflow", "POST", "workflows/{id}/backtest", Anonymous: false, c => Api<BacktestApi>(c).RunAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor, Doing = "test automations",
            Summary = "What the workflow (active or not) would have done over a past period (at most 92 days, 10,000 events): the trigger's real events replayed through its filters and a dry run; nothing sent or written",
            Tag = "Workflows", Body = "BacktestInput", Responses = Ok("Backtest", 400, 404, 409, 413),
        },
        // Versions, drafts and publishing (issue 26).
        new("ListWorkflowVersions", "GET", "workflows/{id}/versions", Anonymous: false, c => Api<WorkflowVersionsApi>(c).ListAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "A workflow's versions, newest first, a page at a time: when and by whom each was saved, what changed in a line, executions started on it and running now",
            Tag = "Workflows", Query = WorkflowVersionsApi.ListQuery, Responses = Ok("WorkflowVersionList", 400, 404),
        },
        new("GetWorkflowVersion", "GET", "workflows/{id}/versions/{version}", Anonymous: false,
            c => Api<WorkflowVersionsApi>(c).GetAsync(c, RouteValue(c, "id"), RouteValue(c, "version"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "One version as it was saved, and what differs from another (default: the version before it), step by step in words",
            Tag = "Workflows", Query = [new("against", "integer", "The version to compare with (default: the one before).", Minimum: 1, Maximum: int.MaxValue)],
            Responses = Ok("WorkflowVersion", 400, 404),
        },
        new("RestoreWorkflowVersion", "POST", "workflows/{id}/versions/{version}/restore", Anonymous: false,
            c => Api<WorkflowVersionsApi>(c).RestoreAsync(c, RouteValue(c, "id"), RouteValue(c, "version"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Go back to a version: a new version equal to it (send If-Match to refuse a stale restore); executions keep the version they started on",
            Tag = "Workflows", Headers = [IfMatch.Header], Responses = Ok("Workflow", 404, 412),
        },
        new("GetWorkflowDraft", "GET", "workflows/{id}/draft", Anonymous: false, c => Api<WorkflowDraftsApi>(c).GetAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The workflow's draft: saved, checked, not live (204 when it has none)", Tag = "Workflows",
            Responses = new Dictionary<int, string?> { [200] = "WorkflowDraft", [204] = null, [404] = "Problem" },
        },
        new("SaveWorkflowDraft", "PUT", "workflows/{id}/draft", Anonymous: false, c => Api<WorkflowDraftsApi>(c).SaveAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Save a draft without publishing it (checked as a save is): the live version keeps running", Tag = "Workflows", Body = "WorkflowInput",
            Responses = Ok("WorkflowDraft", 404, 413, 422),
        },
        new("DiscardWorkflowDraft", "DELETE", "workflows/{id}/draft", Anonymous: false, c => Api<WorkflowDraftsApi>(c).DiscardAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Discard the workflow's draft", Tag = "Workflows", Responses = Status(204, null, 404),
        },
        new("CompareWorkflowDraft", "POST", "workflows/{id}/draft/compare", Anonymous: false, c => Api<WorkflowDraftsApi>(c).CompareAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Compare with live: the trigger's real events of a period (default: the last 30 days; at most 92 days, 10,000 events) replayed through the live version and the draft; the difference per outcome, channel and client, with samples; nothing sent or written",
            Tag = "Workflows", Body = "CompareInput", Responses = Ok("LiveComparison", 400, 404, 409, 413),
        },
        new("GetWorkflowInFlight", "GET", "workflows/{id}/in-flight", Anonymous: false, c => Api<WorkflowDraftsApi>(c).InFlightAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The executions running or waiting, by version and the step they are at, and whether the draft still has that step",
            Tag = "Workflows", Responses = Ok("InFlight", 404),
        },
        new("PublishWorkflowDraft", "POST", "workflows/{id}/draft/publish", Anonymous: false,
            c => Api<WorkflowDraftsApi>(c).PublishAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Publish the draft: it becomes the next version; executions in flight finish on their version unless a group (version and step) is chosen to be cancelled, with a reason",
            Tag = "Workflows", Body = "PublishInput", Headers = [IfMatch.Header], Responses = Ok("Workflow", 400, 404, 412),
        },
        new("ListTemplates", "GET", "templates", Anonymous: false, c => Api<TemplatesApi>(c).ListAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The shared template catalog and the organization's own templates", Tag = "Templates",
            Query =
            [
                new("category", "string", "Only templates of this category.", Workflows.TemplateCategories.All),
                TriggerType,
            ],
            Responses = Ok("TemplateList"),
        },
        new("InstantiateTemplate", "POST", "templates/{id}/instantiate", Anonymous: false, c => Api<TemplatesApi>(c).InstantiateAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Create a workflow from a template (inactive unless isActive is true; triggerConfig and schedule overrides merged in)", Tag = "Templates",
            Body = "InstantiateInput", Headers = [IdempotentCreation.Header], Responses = Status(201, "Workflow", 404, 409, 413, 422),
        },
        new("ListExecutions", "GET", "executions", Anonymous: false, c => Api<ExecutionsApi>(c).ListAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Executions, newest first, filtered, a page at a time", Tag = "Executions", Responses = Ok("ExecutionPage"),
            Query =
            [
                new("workflowId", "uuid", "Executions of this workflow."),
                new("status", "string", "Executions in this status.", ExecutionStatuses.AllText),
                TriggerType,
                new("from", "date-time", "Created at or after."),
                new("to", "date-time", "Created before."),
                new("workflowVersion", "integer", "Executions running this version of their workflow (e.g. those waiting on an old version).", Minimum: 1, Maximum: int.MaxValue),
                Paging.Limit,
                Paging.Cursor,
            ],
        },
        new("StreamExecutions", "GET", "executions/stream", Anonymous: false, c => Api<ExecutionStreamApi>(c).StreamAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Server-sent events of the organization's execution changes, in order; resumes after Last-Event-ID (and `backtest` events: BacktestProgress)", Tag = "Executions",
            ContentType = "text/event-stream", Responses = Ok("ExecutionUpdate"),
        },
        new("GetExecution", "GET", "executions/{id}", Anonymous: false, c => Api<ExecutionsApi>(c).GetAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "One execution: status, timing, steps, error", Tag = "Executions", Responses = Ok("Execution", 404),
        },
        new("CancelExecution", "POST", "executions/{id}/cancel", Anonymous: false, c => Api<ExecutionsApi>(c).CancelAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Editor, Doing = "cancel executions",
            Summary = "Stop a running execution", Tag = "Executions", Responses = Status(202, "CancelAccepted", 404, 409),
        },
        new("EraseClient", "POST", "clients/{id}/erase", Anonymous: false, c => Api<ClientErasureApi>(c).EraseAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Admin,
            Summary = "Erase a client's personal data from automation (GDPR art. 17, CCPA): payloads, step outputs and errors, deliveries' recipients, kept replies, waits and orchestration histories; running executions are cancelled first; an SMS opt-out is kept as a hash. Idempotent",
            Tag = "Clients", Responses = Ok("ClientErasure", 404),
        },
        new("PreviewBulkExecutions", "POST", "executions/bulk/preview", Anonymous: false, c => Api<BulkExecutionsApi>(c).PreviewAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Before a bulk retry (failed runs) or cancel (waiting runs): how many the filters and cause select, by cause and automation, and what would happen, in words",
            Tag = "Executions", Body = "BulkInput", Responses = Ok("BulkPreview", 400),
        },
        new("RunBulkExecutions", "POST", "executions/bulk/run", Anonymous: false, c => Api<BulkExecutionsApi>(c).RunAsync(c, Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Retry the failed runs (each a new run of the same event, as the single retry) or cancel the waiting ones that the filters and cause select; refused without confirm: true; progress on the stream",
            Tag = "Executions", Body = "BulkInput", Responses = Ok("BulkOutcome", 400),
        },
        new("RetryExecution", "POST", "executions/{id}/retry", Anonymous: false, c => Api<ExecutionsApi>(c).RetryAsync(c, RouteValue(c, "id"), Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Editor, Doing = "retry executions",
            Summary = "Run an ended execution again: a new execution from the same event and context", Tag = "Executions", Responses = Status(202, "RunAccepted", 404, 409),
        },
        new("GetMetrics", "GET", "metrics", Anonymous: false, c => Api<MetricsApi>(c).GetAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Totals, success rate, average and p95 time, sends per channel, and a series, from the hourly rollups", Tag = "Metrics", Responses = Ok("Metrics", 404),
            Query =
            [
                new("workflowId", "uuid", "One workflow (default: all of them)."),
                new("from", "date-time", "Start of the period (default: 7 days before 'to')."),
                new("to", "date-time", "End of the period (default: now)."),
                new("granularity", "string", "Series by hour or day (default day).", MetricsQuery.Granularities),
            ],
        },
        new("GetOutcomeMetrics", "GET", "metrics/outcomes", Anonymous: false, c => Api<OutcomeMetricsApi>(c).GetAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "What the automations did — texts and emails sent, tasks created, replies received, confirmations, failures needing attention — and a series, counted from what happened",
            Tag = "Metrics", Responses = Ok("Outcomes", 404),
            Query =
            [
                new("workflowId", "uuid", "One workflow (default: all of them)."),
                new("from", "date-time", "Start of the period (default: 7 days before 'to')."),
                new("to", "date-time", "End of the period (default: now)."),
                new("granularity", "string", "Series by hour or day (default day).", MetricsQuery.Granularities),
            ],
        },
        new("GetWorkflowMetrics", "GET", "metrics/workflows", Anonymous: false, c => Api<WorkflowMetricsApi>(c).GetAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Each workflow's executions, successes, failures and success rate over the last days, with a count per day (days of the organization's time zone)",
            Tag = "Metrics", Responses = Ok("WorkflowMetrics"),
            Query = [new("days", "integer", "How many days, today included (default 7).", Minimum: 1, Maximum: 31)],
        },
        new("ReceiveSmsWebhook", "POST", "sms/inbound", Anonymous: true, c => Api<SmsInboundApi>(c).ReceiveAsync(c, Api<DurableTaskClient>(c), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Telnyx message webhooks (signed): opt-out keywords (STOP, REVOKE, OPT OUT, …) and START/UNSTOP change the SMS suppression list; a text goes to the newest execution waiting for that client's reply",
            Tag = "Channels", Responses = Ok("SmsInboundResult", 401, 413),
        },
        // Consent and schedules (issue 11).
        new("ListSmsSuppressions", "GET", "sms/suppressions", Anonymous: false, c => Api<SmsSuppressionsApi>(c).ListAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The organization's SMS suppression list (numbers never texted), newest first, a page at a time", Tag = "Channels",
            Query = [Paging.Limit, Paging.Cursor], Responses = Ok("SmsSuppressionPage"),
        },
        new("AddSmsSuppression", "POST", "sms/suppressions", Anonymous: false, c => Api<SmsSuppressionsApi>(c).AddAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Admin,
            Summary = "Stop texting a number (read in the organization's country); its clients are marked opted out (200: it was already listed)", Tag = "Channels",
            Body = "SmsSuppressionInput", Responses = new Dictionary<int, string?> { [201] = "SmsSuppression", [200] = "SmsSuppression", [413] = "Problem" },
        },
        new("RemoveSmsSuppression", "DELETE", "sms/suppressions/{id}", Anonymous: false, c => Api<SmsSuppressionsApi>(c).RemoveAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Admin,
            Summary = "Text a suppressed number again (it opted back in); its clients' opt-out is cleared", Tag = "Channels", Responses = Status(204, null, 404),
        },
        new("GetWorkflowNextRuns", "GET", "workflows/{id}/next-runs", Anonymous: false, c => Api<WorkflowsApi>(c).NextRunsAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The next runs of a scheduled or recurring workflow: local times with offsets, and UTC", Tag = "Workflows",
            Query = [new("count", "integer", $"How many runs (default {SchedulesApi.DefaultCount}).", Minimum: 1, Maximum: SchedulesApi.MaxCount)],
            Responses = Ok("ScheduleRuns", 404, 409),
        },
        new("PreviewSchedule", "POST", "schedules/preview", Anonymous: false, c => Api<SchedulesApi>(c).PreviewAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The next runs of a draft cron in a time zone: local times with offsets, and UTC", Tag = "Workflows",
            Body = "SchedulePreviewInput", Responses = Ok("ScheduleRuns", 413),
        },
        // The builder (issue 16).
        new("GetCatalog", "GET", "catalog", Anonymous: false, c => Task.FromResult(Api<CatalogApi>(c).Get()))
        {
            Role = ApiRole.Viewer,
            Summary = "What the builder offers, generated from the code that validates: node kinds and handles, triggers (config and schedule schemas, variables), actions (config schemas, default retry, outputs), records and their fields in words, operators (and their words), date formats, filters",
            Tag = "Workflows", Responses = Ok("Catalog"),
        },
        new("ListRecords", "GET", "records", Anonymous: false, c => Api<RecordsApi>(c).ListAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "The organization's jobs, invoices, clients or estimates to try a workflow on, newest first, searched by name, title, number or email",
            Tag = "Workflows", Query = [RecordsApi.Type, RecordsApi.Search, Paging.Limit, Paging.Cursor], Responses = Ok("RecordPage"),
        },
        new("GetWorkflowGoalOutcomes", "GET", "workflows/{id}/outcomes", Anonymous: false, c => Api<GoalOutcomesApi>(c).GetAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "What the workflow's goal came to for the executions started in a period: executions, goals reached, rate, value, median days to the goal; the treated and held-out groups compared with 95 % intervals",
            Tag = "Workflows", Responses = Ok("WorkflowGoalOutcomes", 404),
            Query = [new("from", "date-time", "Start of the period (default: 30 days before 'to')."), new("to", "date-time", "End of the period (default: now).")],
        },
        new("GetWorkflowStepStats", "GET", "workflows/{id}/step-stats", Anonymous: false, c => Api<StepStatsApi>(c).GetAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Per step: executions completed, failed, skipped, suppressed in a period (by the step's start), and how many are at it now",
            Tag = "Workflows", Responses = Ok("StepStats", 404),
            Query = [new("from", "date-time", "Start of the period (default: 7 days before 'to')."), new("to", "date-time", "End of the period (default: now).")],
        },
        // Roles and the audit trail (issue 26).
        new("ListAuditEntries", "GET", "audit", Anonymous: false, c => Api<AuditApi>(c).ListAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Who changed what, newest first, a page at a time: workflows created, saved, deleted, switched on or off and run; executions cancelled or retried; SMS suppressions; clients erased; settings",
            Tag = "Audit", Query = AuditApi.Query, Responses = Ok("AuditPage"),
        },
        // Alerts to the office (issue 25, ADR 0018).
        new("GetAlertSettings", "GET", "settings/alerts", Anonymous: false, c => Api<AlertsApi>(c).GetSettingsAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "Who is told when something fails (email addresses, phone numbers, the web app), how long one alert covers an automation, which channels resend in-doubt messages by themselves",
            Tag = "Alerts", Responses = Ok("AlertSettings"),
        },
        new("PutAlertSettings", "PUT", "settings/alerts", Anonymous: false, c => Api<AlertsApi>(c).PutSettingsAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Admin,
            Summary = "Name who is told; fields left out keep their value", Tag = "Alerts", Body = "AlertSettingsInput", Responses = Ok("AlertSettings", 400, 413),
        },
        new("GetAttention", "GET", "attention", Anonymous: false, c => Api<AlertsApi>(c).GetAttentionAsync(c, c.RequestAborted))
        {
            Role = ApiRole.Viewer,
            Summary = "What needs attention now: automations failing (grouped, the cause and what to do), providers not answering, messages in doubt waiting for a decision",
            Tag = "Alerts", Responses = Ok("Attention"),
        },
        new("ResendInDoubt", "POST", "attention/in-doubt/{id}/resend", Anonymous: false, c => Api<AlertsApi>(c).ResendAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Send a message in doubt once more (the recipient may get it twice)", Tag = "Alerts", Responses = Ok("AttentionDecision", 404, 502),
        },
        new("DismissInDoubt", "POST", "attention/in-doubt/{id}/dismiss", Anonymous: false, c => Api<AlertsApi>(c).DismissAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Do not send a message in doubt again (it may not have arrived)", Tag = "Alerts", Responses = Ok("AttentionDecision", 404),
        },
        new("DismissWorkflowFailures", "POST", "attention/workflows/{id}/dismiss", Anonymous: false, c => Api<AlertsApi>(c).DismissFailuresAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Seen: an automation's failures leave the list (new ones come back)", Tag = "Alerts", Responses = Status(204, null, 404),
        },
        new("MuteWorkflowAlerts", "PUT", "workflows/{id}/alerts/mute", Anonymous: false, c => Api<AlertsApi>(c).MuteAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Tell nobody of an automation's failures for a while (they are still listed)", Tag = "Alerts", Body = "MuteInput", Responses = Ok("AlertMute", 400, 404, 413),
        },
        new("UnmuteWorkflowAlerts", "DELETE", "workflows/{id}/alerts/mute", Anonymous: false, c => Api<AlertsApi>(c).UnmuteAsync(c, RouteValue(c, "id"), c.RequestAborted))
        {
            Role = ApiRole.Editor,
            Summary = "Tell again of an automation's failures", Tag = "Alerts", Responses = Status(204, null, 404),
        },
    ];

    public static ApiRoute? Named(string name) => All.FirstOrDefault(r => r.Name == name);

    static T Api<T>(HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();

    internal static string RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() ?? "" : "";

    /// <summary>200 with <paramref name="schema"/>, and the error statuses the route can answer.</summary>
    static Dictionary<int, string?> Ok(string? schema, params int[] errors) => Status(200, schema, errors);

    static Dictionary<int, string?> Status(int status, string? schema, params int[] errors)
    {
        var responses = new Dictionary<int, string?> { [status] = schema };
        foreach (var error in errors)
        {
            responses[error] = "Problem";
        }

        return responses;
    }
}
