using Microsoft.OpenApi;

namespace Fixlify.Api;

/// <summary>The shapes of the API's bodies, as OpenAPI component schemas (referenced by name from <see cref="ApiRoute"/>).</summary>
public static class ApiSchemas
{
    public static IReadOnlyDictionary<string, OpenApiSchema> All { get; } = new Dictionary<string, OpenApiSchema>
    {
        ["Problem"] = Object("RFC 7807 problem details; `errors` lists each wrong field.", new()
        {
            ["type"] = Text(), ["title"] = Text(), ["status"] = Integer(), ["detail"] = Text(),
            ["errors"] = List(Object("One problem: where and what.", new() { ["path"] = Text(), ["message"] = Text() })),
        }),
        ["Health"] = Object("Whether the app and its database answer.", new() { ["status"] = Text(), ["database"] = Text(), ["checkedAt"] = Instant() }),
        ["Caller"] = Object("The caller as the token names it.", new() { ["organizationId"] = Uuid(), ["subject"] = Text(), ["organizationName"] = Text() }),
        ["WorkflowInput"] = Object("A workflow as the builder saves it: a React Flow graph (nodes, edges) or linear steps.", new()
        {
            ["name"] = Text(), ["description"] = Text(), ["triggerType"] = Text(), ["triggerConfig"] = Any(), ["nodes"] = List(Any()),
            ["edges"] = List(Any()), ["steps"] = List(Any()), ["isActive"] = Boolean(), ["schedule"] = Any(),
        }),
        ["Workflow"] = Object("A saved workflow.", new()
        {
            ["id"] = Uuid(), ["name"] = Text(), ["description"] = Text(), ["triggerType"] = Text(), ["triggerConfig"] = Any(), ["nodes"] = List(Any()),
            ["edges"] = List(Any()), ["steps"] = List(Any()), ["schedule"] = Any(), ["nextRunAt"] = Instant(), ["isActive"] = Boolean(),
            ["version"] = Integer(), ["executionCount"] = Integer(), ["successCount"] = Integer(), ["failureCount"] = Integer(),
            ["lastTriggeredAt"] = Instant(), ["createdBy"] = Uuid(), ["createdAt"] = Instant(), ["updatedAt"] = Instant(),
        }),
        ["WorkflowPage"] = Page("Workflow"),
        ["Validation"] = Object("Whether a draft would save: every problem with its path.", new()
        {
            ["valid"] = Boolean(), ["errors"] = List(Object("One problem.", new() { ["path"] = Text(), ["message"] = Text() })),
        }),
        ["RunInput"] = Object("A manual run: values for the context (e.g. {\"jobId\": \"...\"}).", new() { ["context"] = Any() }),
        ["RunAccepted"] = Object("The execution started.", new() { ["executionId"] = Uuid(), ["statusUrl"] = Text() }),
        ["Execution"] = Object("One execution: status, timing, every step, error.", new()
        {
            ["id"] = Uuid(), ["workflowId"] = Uuid(), ["workflowVersion"] = Integer(), ["status"] = Text(), ["triggerType"] = Text(), ["trigger"] = Any(),
            ["eventId"] = Uuid(), ["createdAt"] = Instant(), ["startedAt"] = Instant(), ["completedAt"] = Instant(), ["executionTimeMs"] = Integer(),
            ["error"] = Text(), ["steps"] = List(Any()),
        }),
        ["ExecutionPage"] = Page("Execution"),
        ["ExecutionUpdate"] = Object("A change of an execution (server-sent event `execution`).", new()
        {
            ["id"] = Integer(), ["executionId"] = Uuid(), ["workflowId"] = Uuid(), ["status"] = Text(), ["stepKey"] = Text(), ["at"] = Instant(),
        }),
        ["Template"] = Object("A workflow template: of the shared catalog (`shared`), or the organization's own.", new()
        {
            ["id"] = Uuid(), ["name"] = Text(), ["description"] = Text(), ["category"] = Text(), ["triggerType"] = Text(), ["triggerConfig"] = Any(),
            ["nodes"] = List(Any()), ["edges"] = List(Any()), ["steps"] = List(Any()), ["schedule"] = Any(), ["shared"] = Boolean(), ["usageCount"] = Integer(),
        }),
        ["TemplateList"] = Object("The templates a caller can use.", new() { ["items"] = List(Ref("Template")) }),
        ["InstantiateInput"] = Object("Overrides for the new workflow: triggerConfig and schedule are merged into the template's (a null removes a setting); isActive defaults to false.", new()
        {
            ["name"] = Text(), ["isActive"] = Boolean(), ["triggerConfig"] = Any(), ["schedule"] = Any(),
        }),
        ["DryRun"] = Object("What a run would do, step by step, with nothing sent and nothing written.", new()
        {
            ["workflowId"] = Uuid(), ["workflowName"] = Text(), ["workflowVersion"] = Integer(), ["isActive"] = Boolean(), ["triggerType"] = Text(),
            ["startsAt"] = Instant(), ["endsAt"] = Instant(), ["outcome"] = Text(), ["error"] = Text(), ["records"] = Any(), ["steps"] = List(Ref("DryRunStep")),
        }),
        ["DryRunStep"] = Object("One step a run would take: when, what it decides or renders, and why it would not send.", new()
        {
            ["stepKey"] = Text(), ["stepId"] = Text(), ["type"] = Text(), ["label"] = Text(), ["status"] = Text(), ["at"] = Instant(),
            ["reason"] = Text(), ["error"] = Text(), ["branch"] = Text(), ["condition"] = Any(), ["onlyIf"] = Any(), ["until"] = Instant(),
            ["waits"] = Boolean(), ["iterations"] = Integer(), ["items"] = Integer(), ["bounded"] = Boolean(), ["deferred"] = List(Any()),
            ["preview"] = Any(), ["outputUnknown"] = Boolean(), ["readsUnknown"] = List(Text()), ["notes"] = List(Text()),
            ["timeout"] = Text(), ["timeoutAt"] = Instant(), ["simulated"] = Boolean(), ["output"] = Any(),
        }),
        ["DryRunInput"] = Object(
            "The record to try the workflow on and any other context values; `replies` and `events` simulate what comes while its waits wait, by wait step id (e.g. {\"replies\": {\"reply\": {\"text\": \"C\", \"after\": \"PT2H\"}}, \"events\": {\"paid\": {\"after\": \"PT30M\"}}}).",
            new() { ["context"] = Any(), ["replies"] = Any(), ["events"] = Any() }),
        ["BacktestInput"] = Object("A past period: instants with an offset, at most 92 days long, ending by now.", new() { ["from"] = Instant(), ["to"] = Instant() }),
        ["Backtest"] = Object("What a workflow would have done over a past period, with nothing sent and nothing written.", new()
        {
            ["workflowId"] = Uuid(), ["workflowName"] = Text(), ["workflowVersion"] = Integer(), ["triggerType"] = Text(), ["from"] = Instant(), ["to"] = Instant(),
            ["events"] = Integer(), ["executions"] = Integer(),
            ["notStarted"] = Object("Events that would have started nothing, by reason.", new() { ["filteredOut"] = Integer(), ["automationOrigin"] = Integer(), ["chainTooDeep"] = Integer() }),
            ["outcomes"] = Object("How the executions would have ended.", new() { ["wouldComplete"] = Integer(), ["wouldFail"] = Integer() }),
            ["messages"] = Object("Messages that would have gone out, per channel.", new() { ["email"] = Integer(), ["sms"] = Integer(), ["push"] = Integer(), ["webhook"] = Integer() }),
            ["deferredByQuietHours"] = Integer(),
            ["suppressed"] = Object("Messages held back, by reason.", new() { ["total"] = Integer(), ["optedOut"] = Integer(), ["dailyCap"] = Integer(), ["noAddress"] = Integer(), ["other"] = Integer() }),
            ["wouldFail"] = List(Object("A reason steps would fail, and how often.", new() { ["reason"] = Text(), ["count"] = Integer() })),
            ["sms"] = Object("The texts by encoding (GSM 03.38), and the segments they take.", new() { ["messages"] = Integer(), ["gsm7"] = Integer(), ["ucs2"] = Integer(), ["segments"] = Integer() }),
            ["samples"] = List(Object("One execution as a dry run shows it.", new()
            {
                ["eventId"] = Uuid(), ["occurredAt"] = Instant(), ["records"] = Any(), ["outcome"] = Text(), ["error"] = Text(), ["steps"] = List(Ref("DryRunStep")),
            })),
            ["notes"] = List(Text()),
        }),
        ["SmsInboundResult"] = Object("What an inbound text did: its consent keyword's effect (opted_out, opted_in, ignored), clients changed, and the execution it answered.", new()
        {
            ["action"] = Text(), ["clients"] = Integer(), ["executionId"] = Uuid(),
        }),
        // Consent and schedules (issue 11).
        ["SmsSuppression"] = Object("A number the organization never texts (E.164), since when and who said so; `clients`: clients marked opted out by this change.", new()
        {
            ["id"] = Uuid(), ["phone"] = Text(), ["source"] = Text(), ["detail"] = Text(), ["createdAt"] = Instant(), ["clients"] = Integer(),
        }),
        ["SmsSuppressionPage"] = Page("SmsSuppression"),
        ["SmsSuppressionInput"] = Object("A number not to text: E.164, or national format in the organization's country_code; an optional note.", new()
        {
            ["phone"] = Text(), ["note"] = Text(),
        }),
        ["SchedulePreviewInput"] = Object("A draft recurrence: a five-field cron, an IANA time zone, how many runs (1–100, default 5).", new()
        {
            ["cron"] = Text(), ["timeZone"] = Text(), ["count"] = Integer(),
        }),
        ["ScheduleRuns"] = Object("The next runs: `local` is the zone's wall-clock time with its offset, `utc` the same instant in UTC.", new()
        {
            ["cron"] = Text(), ["timeZone"] = Text(), ["runAt"] = Text(), ["workflowId"] = Uuid(), ["isActive"] = Boolean(),
            ["runs"] = List(Object("One run.", new() { ["local"] = Text(), ["utc"] = Text() })),
        }),
        ["Metrics"] = Object("Totals and a series for a period, from the hourly rollups.", new()
        {
            ["from"] = Instant(), ["to"] = Instant(), ["granularity"] = Text(), ["totals"] = Any(), ["series"] = List(Any()),
        }),
    };

    static OpenApiSchema Object(string description, Dictionary<string, IOpenApiSchema> properties) =>
        new() { Type = JsonSchemaType.Object, Description = description, Properties = properties };

    static OpenApiSchema Page(string item) => Object($"A page of {item} items; `nextCursor` fetches the next one.", new()
    {
        ["items"] = List(Ref(item)), ["nextCursor"] = Text(),
    });

    static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    static OpenApiSchema Uuid() => new() { Type = JsonSchemaType.String, Format = "uuid" };

    static OpenApiSchema Instant() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    static OpenApiSchema Integer() => new() { Type = JsonSchemaType.Integer };

    static OpenApiSchema Boolean() => new() { Type = JsonSchemaType.Boolean };

    static OpenApiSchema Any() => new();

    static OpenApiSchema List(IOpenApiSchema item) => new() { Type = JsonSchemaType.Array, Items = item };

    internal static OpenApiSchemaReference Ref(string name) => new(name);
}
