using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.OpenApi;

namespace Fixlify.Api;

/// <summary>The shapes of the API's bodies, as OpenAPI component schemas (referenced by name from <see cref="ApiRoute"/>).</summary>
internal static class ApiSchemas
{
    public static IReadOnlyDictionary<string, OpenApiSchema> All { get; } = new Dictionary<string, OpenApiSchema>
    {
        ["Problem"] = Object("RFC 7807 problem details; `errors` lists each wrong field.", new()
        {
            ["type"] = Text(), ["title"] = Text(), ["status"] = Integer(), ["detail"] = Text(), ["traceId"] = Text(),
            ["errors"] = List(Ref("FieldError")),
        }, required: ["title", "status"]),
        ["FieldError"] = Response("One problem: where (a JSON path or parameter name) and what.", new() { ["path"] = Text(), ["message"] = Text() }),
        ["Health"] = Response("Whether the app and its database answer.", new() { ["status"] = Text(), ["database"] = Text(), ["checkedAt"] = Instant() }),
        ["WebConfig"] = Response("How the web app signs people in: `oidc` (authorization code + PKCE against `authority`) or `token` (a development token in the sign-in link).", new()
        {
            ["signIn"] = Enum("oidc", "token"), ["authority"] = Text(nullable: true), ["clientId"] = Text(nullable: true), ["scope"] = Text(nullable: true),
        }),
        ["Caller"] = Response("The caller as the token names it, and the organization's IANA time zone.", new()
        {
            ["organizationId"] = Uuid(), ["subject"] = Text(), ["name"] = Text(nullable: true), ["role"] = Enum("viewer", "editor", "admin", "owner"),
            ["organizationName"] = Text(nullable: true), ["timeZone"] = Text(),
        }),
        ["WorkflowInput"] = Object("A workflow as the builder saves it: a React Flow graph (nodes, edges) or linear steps.", new()
        {
            ["name"] = Text(), ["description"] = Text(), ["triggerType"] = Text(), ["triggerConfig"] = Any(), ["nodes"] = List(Any()),
            ["edges"] = List(Any()), ["steps"] = List(Any()), ["isActive"] = Boolean(), ["schedule"] = Any(),
        }),
        ["Workflow"] = Written("A saved workflow; `activation` (only in the answer to switching it on): the choice for the records that already qualified and how many there were.", new()
        {
            ["id"] = Uuid(), ["name"] = Text(), ["description"] = Text(nullable: true), ["triggerType"] = Text(), ["triggerConfig"] = Any(), ["nodes"] = List(Any()),
            ["edges"] = List(Any()), ["steps"] = List(Any()), ["schedule"] = Any(), ["nextRunAt"] = Instant(nullable: true), ["isActive"] = Boolean(),
            ["version"] = Integer(), ["etag"] = Text(), ["executionCount"] = Integer(), ["successCount"] = Integer(), ["failureCount"] = Integer(),
            ["lastTriggeredAt"] = Instant(nullable: true), ["createdBy"] = Uuid(nullable: true), ["createdAt"] = Instant(), ["updatedAt"] = Instant(),
            ["pausedAt"] = Instant(nullable: true), ["waitingToRun"] = Integer(),
            ["activation"] = Response("How the workflow was switched on: when, the choice for the records that already qualified (skip: only from now on; include: started too), how many there were, in a sentence.", new()
            {
                ["at"] = Instant(), ["existingRecords"] = Enum("skip", "include"), ["existing"] = Integer(), ["summary"] = Text(),
            }),
            ["inFlight"] = Response("What publishing a draft did to the executions in flight (only in the answer to publishing): how many were cancelled, how many move to the new version at their next step, and how many finish on their version.", new()
            {
                ["cancelled"] = Integer(), ["finishing"] = Integer(), ["moving"] = Integer(),
            }),
        }, required: ["id", "name", "description", "triggerType", "triggerConfig", "nodes", "edges", "steps", "schedule", "nextRunAt", "isActive", "version", "etag",
            "executionCount", "successCount", "failureCount", "lastTriggeredAt", "createdBy", "createdAt", "updatedAt"]),
        ["ActivateInput"] = Object("The choice for the records that already qualify for the trigger when it is switched on: skip (only from now on, the default) or include (start for them too).", new()
        {
            ["existingRecords"] = Enum("skip", "include"),
        }),
        ["ActivationPreview"] = Response("What switching a workflow on would meet: whether its trigger can find records that already qualify (`applies`), how many (`existing`), a sentence saying so and up to five named in words.", new()
        {
            ["workflowId"] = Uuid(), ["triggerType"] = Text(), ["isActive"] = Boolean(), ["applies"] = Boolean(), ["existing"] = Integer(), ["summary"] = Text(),
            ["samples"] = List(Text()),
        }),
        ["WorkflowPage"] = Page("Workflow"),
        ["BulkInput"] = Object("A bulk action: `action` (retry: the failed runs; cancel: the waiting ones), the list's filters (`workflowId`, `from`, `to`), a `cause` (words of the error), and `confirm: true` to do it.", new()
        {
            ["action"] = Enum("retry", "cancel"), ["workflowId"] = Uuid(nullable: true), ["from"] = Instant(nullable: true), ["to"] = Instant(nullable: true),
            ["cause"] = Text(nullable: true), ["confirm"] = Boolean(),
        }, required: ["action"]),
        ["BulkPreview"] = Response("What a bulk action would take: how many runs, by cause and by automation, and what would happen in words (a retry's dry run of each, summarised).", new()
        {
            ["action"] = Enum("retry", "cancel"), ["count"] = Integer(),
            ["byCause"] = List(Response("Runs with one cause.", new() { ["cause"] = Text(), ["count"] = Integer() })),
            ["byWorkflow"] = List(Response("Runs of one automation.", new() { ["workflow"] = Text(), ["count"] = Integer() })),
            ["summary"] = Text(),
        }),
        ["BulkOutcome"] = Response("A bulk action done: `done` of `count`; the others skipped, each with the reason in words. `bulkId` names its progress on the stream.", new()
        {
            ["action"] = Enum("retry", "cancel"), ["bulkId"] = Uuid(), ["count"] = Integer(), ["done"] = Integer(),
            ["skipped"] = List(Response("A run not retried or cancelled, and why.", new() { ["executionId"] = Uuid(), ["reason"] = Text() })),
        }),
        ["PauseState"] = Response("A paused automation: since when (`pausedAt`), and how many of its runs came meanwhile and wait to run (`waitingToRun`).", new()
        {
            ["workflowId"] = Uuid(), ["pausedAt"] = Instant(), ["waitingToRun"] = Integer(),
        }),
        ["ResumeInput"] = Object("How to resume: `onlyAfter` (an instant) runs only the runs that came after it and cancels the older ones, saying why; absent or null: all of them run.", new()
        {
            ["onlyAfter"] = Instant(nullable: true),
        }),
        ["Resumed"] = Response("The automation runs again: `started` runs that came while it was paused go now, oldest first; `cancelled` were dropped.", new()
        {
            ["workflowId"] = Uuid(), ["started"] = Integer(), ["cancelled"] = Integer(),
        }),
        ["Validation"] = Response("Whether a draft would save: every problem with its path.", new()
        {
            ["valid"] = Boolean(), ["errors"] = List(Ref("FieldError")),
        }),
        ["RunInput"] = Object("A manual run: values for the context (e.g. {\"jobId\": \"...\"}), and `confirm: true`, required: the run sends real messages (a dry run shows the record and the recipients first).", new() { ["context"] = Any(), ["confirm"] = Boolean() }, required: ["confirm"]),
        ["RunAccepted"] = Written("The execution started (`retryOf`: the execution a retry repeats).", new()
        {
            ["executionId"] = Uuid(), ["statusUrl"] = Text(), ["retryOf"] = Uuid(),
        }, required: ["executionId", "statusUrl"]),
        ["Execution"] = Written("One execution: status, timing, every step, error; `traceId` (one execution's read only) the trace its spans carry.", new()
        {
            ["id"] = Uuid(), ["workflowId"] = Uuid(nullable: true), ["workflowVersion"] = Integer(nullable: true), ["status"] = Ref("ExecutionStatus"),
            ["triggerType"] = Text(), ["trigger"] = Any(), ["eventId"] = Uuid(nullable: true), ["createdAt"] = Instant(), ["startedAt"] = Instant(nullable: true),
            ["completedAt"] = Instant(nullable: true), ["executionTimeMs"] = Integer(nullable: true), ["error"] = Text(nullable: true),
            ["warnings"] = List(Text()), ["steps"] = List(Ref("ExecutionStep")),
            ["record"] = OrNull(Response("The record the execution is about (`type`: job, invoice, estimate or client), as it is now: `label` is a job's title, an invoice's or estimate's number, a client's name.", new()
            {
                ["type"] = Text(), ["id"] = Uuid(), ["label"] = Text(nullable: true),
            })),
            ["client"] = OrNull(Response("The client of the record, by name.", new() { ["id"] = Uuid(), ["name"] = Text(nullable: true) })),
            ["traceId"] = Text(nullable: true),
        }, required: ["id", "workflowId", "workflowVersion", "status", "triggerType", "trigger", "eventId", "createdAt", "startedAt", "completedAt", "executionTimeMs", "error", "warnings", "steps"]),
        ["ClientErasure"] = Response("What an erasure did (counts only): the client's executions, those cancelled, rows masked or deleted, orchestration histories purged.", new()
        {
            ["clientId"] = Uuid(), ["executions"] = Integer(), ["cancelled"] = Integer(), ["rowsChanged"] = Integer(), ["historiesPurged"] = Integer(),
        }),
        ["CancelAccepted"] = Response("The execution is being cancelled: its status is now `cancelled`.", new()
        {
            ["executionId"] = Uuid(), ["status"] = Ref("ExecutionStatus"),
        }),
        ["ExecutionStatus"] = Enum([.. ExecutionStatuses.AllText]),
        ["ExecutionStep"] = Written("One step as it ran, in the order the steps started (`sequence`): `output` is what the action reports (a sent email's masked recipient and subject, a webhook's status code, a waiting step's `until`); `warning` what a person should know (a loop cut by its bound, an output too large to keep whole).", new()
        {
            ["stepKey"] = Text(), ["stepId"] = Text(), ["type"] = Text(), ["label"] = Text(nullable: true), ["sequence"] = Integer(), ["status"] = Text(),
            ["startedAt"] = Instant(nullable: true), ["finishedAt"] = Instant(nullable: true), ["attempts"] = Integer(), ["output"] = Any(), ["error"] = Text(nullable: true),
            ["warning"] = Text(),
        }, required: ["stepKey", "type", "status", "attempts"]),
        ["ExecutionPage"] = Page("Execution"),
        ["AuditEntry"] = Response("One change: when (`at`), who (`who`: their name, else `subject`, the token's subject), what (`action`), the workflow and record it concerns, what it was about as it was then (`about`: a workflow's name, a masked number), before and after when short, and all of it in a `sentence`.", new()
        {
            ["id"] = Uuid(), ["at"] = Instant(),
            ["action"] = Enum([.. System.Enum.GetValues<AuditAction>().Select(AuditTrail.Text)]),
            ["who"] = Text(), ["subject"] = Text(), ["workflowId"] = Uuid(nullable: true), ["recordId"] = Uuid(nullable: true),
            ["about"] = Text(nullable: true), ["before"] = Text(nullable: true), ["after"] = Text(nullable: true), ["sentence"] = Text(),
        }),
        ["AuditPage"] = Page("AuditEntry"),
        ["ExecutionUpdate"] = Response("A change of an execution (server-sent event `execution`; the event's id is `id`).", new()
        {
            ["id"] = Integer(), ["executionId"] = Uuid(), ["workflowId"] = Uuid(nullable: true), ["status"] = Ref("ExecutionStatus"),
            ["stepKey"] = Text(nullable: true), ["stepStatus"] = Text(nullable: true), ["at"] = Instant(),
        }),
        ["Template"] = Response("A workflow template: of the shared catalog (`shared`), or the organization's own.", new()
        {
            ["id"] = Uuid(), ["name"] = Text(), ["description"] = Text(nullable: true), ["category"] = Text(nullable: true), ["triggerType"] = Text(nullable: true),
            ["triggerConfig"] = Any(), ["nodes"] = List(Any()), ["edges"] = List(Any()), ["steps"] = List(Any()), ["schedule"] = Any(), ["shared"] = Boolean(),
            ["usageCount"] = Integer(),
        }),
        ["TemplateList"] = Response("The templates a caller can use.", new() { ["items"] = List(Ref("Template")) }),
        ["InstantiateInput"] = Object("Overrides for the new workflow: triggerConfig and schedule are merged into the template's (a null removes a setting); isActive defaults to false.", new()
        {
            ["name"] = Text(), ["isActive"] = Boolean(), ["triggerConfig"] = Any(), ["schedule"] = Any(),
        }),
        ["DryRun"] = Written("What a run would do, step by step, with nothing sent and nothing written.", new()
        {
            ["workflowId"] = Uuid(), ["workflowName"] = Text(), ["workflowVersion"] = Integer(), ["isActive"] = Boolean(), ["triggerType"] = Text(),
            ["startsAt"] = Instant(), ["endsAt"] = Instant(), ["outcome"] = Text(), ["error"] = Text(nullable: true), ["warnings"] = List(Text()), ["records"] = Any(),
            ["holdOut"] = OrNull(Response("Which group the record falls in when the workflow keeps a share of its records out (`percent`): `group` is `held_out` (a real start ends at once, nothing sent) or `treated`, in words; null when it keeps none out.", new()
            {
                ["group"] = Text(), ["percent"] = Integer(), ["words"] = Text(),
            })),
            ["steps"] = List(Ref("DryRunStep")),
        }),
        ["DryRunStep"] = Written("One step a run would take: when, what it decides or renders, and why it would not send.", new()
        {
            ["stepKey"] = Text(), ["stepId"] = Text(), ["type"] = Text(), ["label"] = Text(nullable: true), ["status"] = Text(), ["at"] = Instant(),
            ["reason"] = Text(), ["why"] = Text(), ["error"] = Text(), ["continueOnError"] = Boolean(), ["branch"] = Text(), ["condition"] = Any(), ["onlyIf"] = Any(), ["until"] = Instant(),
            ["waits"] = Boolean(), ["movedBecause"] = Text(), ["moves"] = Integer(), ["late"] = Boolean(), ["iterations"] = Integer(), ["items"] = Integer(), ["bounded"] = Boolean(), ["deferred"] = List(Any()),
            ["preview"] = Any(), ["outputUnknown"] = Boolean(), ["readsUnknown"] = List(Text()), ["notes"] = List(Text()), ["warning"] = Text(),
            ["timeout"] = Text(), ["timeoutAt"] = Instant(), ["simulated"] = Boolean(), ["output"] = Any(),
        }),
        ["DryRunInput"] = Object(
            "The record to try the workflow on and any other context values; `definition`: an unsaved draft to try instead of the saved definition (checked as a save checks it); `replies` and `events` simulate what comes while its waits wait, by wait step id (e.g. {\"replies\": {\"reply\": {\"text\": \"C\", \"after\": \"PT2H\"}}, \"events\": {\"paid\": {\"after\": \"PT30M\"}}}); `moves` a record's date moving while a delay that follows it waits (e.g. {\"moves\": {\"day-before\": {\"after\": \"PT1H\", \"to\": \"2026-12-12T15:00:00Z\"}}}).",
            new() { ["context"] = Any(), ["definition"] = Ref("WorkflowInput"), ["replies"] = Any(), ["events"] = Any(), ["moves"] = Any() }),
        ["BacktestInput"] = Object("A past period: instants with an offset, at most 92 days long, ending by now.", new() { ["from"] = Instant(), ["to"] = Instant() }),
        ["Backtest"] = Response("What a workflow would have done over a past period, with nothing sent and nothing written.", new()
        {
            ["workflowId"] = Uuid(), ["workflowName"] = Text(), ["workflowVersion"] = Integer(), ["triggerType"] = Text(), ["from"] = Instant(), ["to"] = Instant(),
            ["events"] = Integer(), ["executions"] = Integer(), ["heldOut"] = Integer(),
            ["notStarted"] = Response("Events that would have started nothing, by reason.", new() { ["filteredOut"] = Integer(), ["automationOrigin"] = Integer(), ["chainTooDeep"] = Integer() }),
            ["outcomes"] = Response("How the executions would have ended (wouldStop: their exit condition held, nothing more sent).", new() { ["wouldComplete"] = Integer(), ["wouldFail"] = Integer(), ["wouldStop"] = Integer() }),
            ["messages"] = Response("Messages that would have gone out, per channel.", new() { ["email"] = Integer(), ["sms"] = Integer(), ["push"] = Integer(), ["webhook"] = Integer() }),
            ["deferredByQuietHours"] = Integer(),
            ["suppressed"] = Response("Messages held back, by reason.", new() { ["total"] = Integer(), ["optedOut"] = Integer(), ["dailyCap"] = Integer(), ["noAddress"] = Integer(), ["other"] = Integer() }),
            ["wouldFail"] = List(Response("A reason steps would fail, and how often.", new() { ["reason"] = Text(), ["count"] = Integer() })),
            ["sms"] = Response("The texts by encoding (GSM 03.38), and the segments they take.", new() { ["messages"] = Integer(), ["gsm7"] = Integer(), ["ucs2"] = Integer(), ["segments"] = Integer() }),
            ["samples"] = List(Written("One execution as a dry run shows it.", new()
            {
                ["eventId"] = Uuid(), ["occurredAt"] = Instant(), ["records"] = Any(), ["outcome"] = Text(), ["error"] = Text(nullable: true),
                ["group"] = Text(nullable: true), ["steps"] = List(Ref("DryRunStep")),
            })),
            ["notes"] = List(Text()),
        }),
        ["WorkflowVersionEntry"] = Response("A version in a workflow's history: when and by whom it was saved, what changed from the version before in a line, whether it is the live one, executions started on it and running now.", VersionEntry()),
        ["WorkflowVersionList"] = Response("A page of a workflow's versions, newest first; `nextBefore` reads the next (older) page as `?before=`, null when this page holds the oldest.", new()
        {
            ["workflowId"] = Uuid(), ["liveVersion"] = Integer(), ["items"] = List(Ref("WorkflowVersionEntry")), ["nextBefore"] = Integer(nullable: true),
        }),
        ["WorkflowVersion"] = Response("One version as it was saved, and what differs from the version `against` (null: nothing to compare with): each step added, removed or changed, with the changed settings in words.", new(VersionEntry())
        {
            ["workflowId"] = Uuid(), ["triggerType"] = Text(), ["triggerConfig"] = Any(), ["nodes"] = List(Any()), ["edges"] = List(Any()), ["steps"] = List(Any()),
            ["schedule"] = Any(), ["against"] = Integer(nullable: true),
            ["changes"] = List(Ref("StepChange")), ["triggerChanges"] = List(Text()),
        }),
        ["StepChange"] = Response("A step that differs between two versions (matched by its id): added, removed or changed, and each changed setting in words (\"Wait: 3 days → 2 days\").", new()
        {
            ["stepId"] = Text(), ["change"] = Enum("added", "removed", "changed"), ["label"] = Text(), ["fields"] = List(Text()),
        }),
        ["WorkflowDraft"] = Response("A workflow's draft: saved and checked, not live; `basedOn` the live version it was made from.", new()
        {
            ["workflowId"] = Uuid(), ["basedOn"] = Integer(), ["liveVersion"] = Integer(), ["savedAt"] = Instant(), ["savedBy"] = Text(nullable: true),
            ["name"] = Text(), ["description"] = Text(nullable: true), ["triggerType"] = Text(), ["triggerConfig"] = Any(), ["nodes"] = List(Any()),
            ["edges"] = List(Any()), ["steps"] = List(Any()), ["schedule"] = Any(),
        }),
        ["CompareInput"] = Object("The period to replay (both optional: the last 30 days, ending now).", new() { ["from"] = Instant(), ["to"] = Instant() }),
        ["LiveComparison"] = Response("The same events replayed through the live version and the draft: each side's figures (as a backtest's), the difference, sentences saying it, and samples of executions that would go differently.", new()
        {
            ["workflowId"] = Uuid(), ["liveVersion"] = Integer(), ["triggerType"] = Text(), ["from"] = Instant(), ["to"] = Instant(), ["events"] = Integer(),
            ["live"] = Any(), ["draft"] = Any(),
            ["difference"] = Response("Draft minus live.", new()
            {
                ["executions"] = Integer(), ["outcomes"] = Any(), ["messages"] = Any(), ["inQuietHours"] = Any(), ["suppressed"] = Integer(),
            }),
            ["sentences"] = List(Text()),
            ["clients"] = Response("Clients the events concern, and how many would get other messages.", new() { ["compared"] = Integer(), ["changed"] = Integer() }),
            ["samples"] = List(Any()),
            ["notes"] = List(Text()),
        }),
        ["InFlight"] = Response("The executions running or waiting, by version and step; `inDraft`: the draft still has that step (only such a group can move to it).", new()
        {
            ["workflowId"] = Uuid(), ["liveVersion"] = Integer(), ["total"] = Integer(),
            ["groups"] = List(Response("Executions of one version at one step.", new()
            {
                ["version"] = Integer(), ["stepId"] = Text(nullable: true), ["step"] = Text(), ["count"] = Integer(), ["waiting"] = Integer(), ["inDraft"] = Boolean(),
            })),
        }),
        ["PublishInput"] = Object("What happens to the executions in flight, per group (version and step); a group not named finishes on its version.", new()
        {
            ["inFlight"] = List(Object("A choice for one group.", new()
            {
                ["version"] = Integer(), ["stepId"] = Text(nullable: true), ["choice"] = Enum("finish", "move", "cancel"), ["reason"] = Text(),
            }, required: ["version", "choice"])),
        }),
        ["BacktestProgress"] = Response("How far a running backtest has come (server-sent event `backtest` on the execution stream, without an id).", new()
        {
            ["backtestId"] = Uuid(), ["workflowId"] = Uuid(), ["replayed"] = Integer(), ["total"] = Integer(),
        }),
        ["SmsInboundResult"] = Written("What an inbound text did: its consent keyword's effect (opted_out, opted_in, ignored), clients changed, and the execution it answered.", new()
        {
            ["action"] = Text(), ["clients"] = Integer(), ["executionId"] = Uuid(nullable: true),
        }),
        // Alerts to the office (issue 25).
        ["AlertSettings"] = Response("Who is told: email addresses, phone numbers (E.164) for texts, the web app (`inApp`); how long one alert covers an automation version (`periodMinutes`); channels whose in-doubt messages are resent by themselves (`resendInDoubt`, at-least-once).", new()
        {
            ["emails"] = List(Text()), ["phones"] = List(Text()), ["inApp"] = Boolean(), ["periodMinutes"] = Integer(), ["resendInDoubt"] = List(Text()),
        }),
        ["AlertSettingsInput"] = Object("Who is told; a field left out keeps its value. Phone numbers in E.164 or the organization's national format.", new()
        {
            ["emails"] = List(Text()), ["phones"] = List(Text()), ["inApp"] = Boolean(), ["periodMinutes"] = Integer(), ["resendInDoubt"] = List(Text()),
        }),
        ["Attention"] = Response("What needs attention now, in words.", new()
        {
            ["inApp"] = Boolean(),
            ["failing"] = List(Response("An automation failing: how many runs since the first, the cause and what to do, the latest failed run, and until when its alerts are muted.", new()
            {
                ["workflowId"] = Uuid(), ["workflowName"] = Text(), ["failures"] = Integer(), ["firstAt"] = Instant(), ["lastAt"] = Instant(), ["cause"] = Text(),
                ["advice"] = Text(), ["executionId"] = Uuid(nullable: true), ["mutedUntil"] = Instant(nullable: true),
            })),
            ["outages"] = List(Response("A provider not answering: what can't be sent, since when, how many messages wait.", new()
            {
                ["id"] = Uuid(), ["provider"] = Text(), ["words"] = Text(), ["waiting"] = Integer(), ["since"] = Instant(),
            })),
            ["inDoubt"] = List(Response("A message that may or may not have gone out: to whom (masked), what it said, and whether it can be resent from here.", new()
            {
                ["id"] = Uuid(), ["channel"] = Text(), ["executionId"] = Uuid(), ["workflowId"] = Uuid(nullable: true), ["workflowName"] = Text(nullable: true),
                ["claimedAt"] = Instant(), ["to"] = Text(nullable: true), ["subject"] = Text(nullable: true), ["text"] = Text(nullable: true), ["canResend"] = Boolean(),
            })),
        }),
        ["AttentionDecision"] = Response("What was done, in a sentence.", new() { ["summary"] = Text() }),
        ["MuteInput"] = Object("For how long nobody is told of the automation's failures: 1 to 10,080 minutes.", new() { ["minutes"] = Integer() }, required: ["minutes"]),
        ["AlertMute"] = Response("Until when an automation's alerts are muted.", new() { ["workflowId"] = Uuid(), ["mutedUntil"] = Instant() }),
        // Consent and schedules (issue 11).
        ["SmsSuppression"] = Written("A number the organization never texts (E.164), since when and who said so; `clients`: clients marked opted out by this change.", new()
        {
            ["id"] = Uuid(), ["phone"] = Text(), ["source"] = Text(), ["detail"] = Text(nullable: true), ["createdAt"] = Instant(), ["clients"] = Integer(),
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
        ["ScheduleRuns"] = Written("The next runs: `local` is the zone's wall-clock time with its offset, `utc` the same instant in UTC.", new()
        {
            ["cron"] = Text(), ["timeZone"] = Text(), ["runAt"] = Text(), ["workflowId"] = Uuid(), ["isActive"] = Boolean(),
            ["runs"] = List(Written("One run.", new() { ["local"] = Text(), ["utc"] = Text() })),
        }),
        // The builder (issue 16).
        ["Catalog"] = Response("What the builder offers; every `configSchema` is a JSON Schema (2020-12) recorded from the checks that validate it, each property with a plain `title` (and `description`) (`x-liquid`: a Liquid template, `x-recipient`: email or phone, `x-context-path`: a variable path, `x-message`: `sms` for a text message's field, `x-enum-labels`: an enum's values in words, `x-choices-from`: the record field whose choices a setting takes, `x-record-kind`: the kind of value a field holds, `x-rule`: a rule about the trigger's records (all/any groups, as a check's) with the start of its sentence, such as “Stop when”, `x-record-only`: a rule on the trigger's own record only).", new()
        {
            ["nodeKinds"] = List(Response("A node kind: its label and description in words, its outgoing handles (null: the plain next edge), its config schema and the results it leaves under `steps.<id>`.", new()
            {
                ["kind"] = Text(), ["label"] = Text(), ["description"] = Text(), ["handles"] = List(Text(nullable: true)), ["configSchema"] = Any(),
                ["outputs"] = List(Ref("CatalogField")),
            })),
            ["triggers"] = List(Response("A trigger type: its words (`sentence` with `{configKey}` placeholders filled from triggerConfig), the records it provides, its config and schedule schemas, the variables templates may use, and `figures`: what its event says beside the record (an overdue invoice's real days past due, `trigger.daysActuallyOverdue`), for chips.", new()
            {
                ["type"] = Text(), ["entity"] = Text(nullable: true), ["label"] = Text(), ["description"] = Text(), ["sentence"] = Text(),
                ["records"] = List(Text()), ["configSchema"] = Any(), ["scheduleSchema"] = Any(), ["variables"] = List(Text()),
                ["figures"] = List(Ref("CatalogField")),
            })),
            ["actions"] = List(Response("An action type: its words, its config schema, the results it leaves under `steps.<id>` and the retry it uses unless a step sets one.", new()
            {
                ["type"] = Text(), ["label"] = Text(), ["description"] = Text(), ["sentence"] = Text(), ["outputs"] = List(Ref("CatalogField")), ["configSchema"] = Any(),
                ["defaultRetry"] = Response("Retries (ISO-8601 durations).", new()
                {
                    ["maxAttempts"] = Integer(), ["firstInterval"] = Text(), ["backoffCoefficient"] = Number(), ["maxInterval"] = Text(),
                }),
            })),
            ["records"] = List(Response("A business record a trigger can provide (and `technicians`, the active technicians' list), with its fields in words.", new()
            {
                ["name"] = Text(), ["label"] = Text(), ["fields"] = List(Ref("CatalogField")),
            })),
            ["retrySchema"] = Any(), ["onlyIfSchema"] = Any(), ["operators"] = List(Text()),
            ["operatorLabels"] = List(Response("An operator in words for fields of `kinds`; `value`: what the rule's value is (`one`, `many`: a list, `none`); `fixedValue`: the value the words already say (`is empty`: exists with false), else null.", new()
            {
                ["op"] = Text(), ["label"] = Text(), ["value"] = Enum("one", "many", "none"), ["kinds"] = List(FieldKinds()), ["fixedValue"] = Any(),
            })),
            ["dateFormats"] = List(Response("A friendly format of a date or time chip (`| date: \"format\"`, in the recipient's zone), with an example, for fields of `kinds`.", new()
            {
                ["format"] = Text(), ["example"] = Text(), ["kinds"] = List(FieldKinds()),
            })),
            ["moneyFilter"] = Text(),
            ["filters"] = List(Response("A Liquid filter.", new() { ["name"] = Text(), ["description"] = Text() })), ["tags"] = List(Text()),
            ["maxLoopIterations"] = Integer(),
        }),
        ["CatalogField"] = Written("A field of a record or a step's result in words: `path` (records only) is what a rule or a template names; `hidden`: ids and internals a person never picks; `refers`: the record an id points to; `choices`: the values of a known set.", new()
        {
            ["name"] = Text(), ["path"] = Text(), ["label"] = Text(), ["kind"] = FieldKinds(),
            ["choices"] = List(Response("One value of the set and its label.", new() { ["value"] = Text(), ["label"] = Text() })),
            ["hidden"] = Boolean(), ["refers"] = Text(),
        }, required: ["name", "label", "kind"]),
        ["Record"] = Response("A business record to try a workflow on.", new()
        {
            ["type"] = Enum([.. RecordSearch.Types]), ["id"] = Uuid(), ["label"] = Text(), ["detail"] = Text(nullable: true), ["createdAt"] = Instant(),
        }),
        ["RecordPage"] = Page("Record"),
        ["StepStats"] = Response("Per step key: executions that completed, failed, were skipped or suppressed at it in the period (UTC), and are at it now.", new()
        {
            ["workflowId"] = Uuid(), ["from"] = Instant(), ["to"] = Instant(),
            ["steps"] = List(Response("One step's counts.", new()
            {
                ["stepKey"] = Text(), ["completed"] = Integer(), ["failed"] = Integer(), ["skipped"] = Integer(), ["suppressed"] = Integer(), ["waitingNow"] = Integer(),
            })),
        }),
        ["WorkflowGoalOutcomes"] = Response("A workflow's goal over the executions started in [from, to): the treated group's figures at the top level, both groups, and their comparison (treated minus held out, 95 % intervals; null without a hold-out group). `value` in `currency`; `summary` is the sentence the screens lead with.", new()
        {
            ["workflowId"] = Uuid(), ["from"] = Instant(), ["to"] = Instant(), ["currency"] = Text(),
            ["goal"] = OrNull(Response("The goal: its kind (invoice_paid, appointment_confirmed, job_booked, task_done, estimate_accepted, rule), window, words, and whether reaching it has a value in money.", new()
            {
                ["kind"] = Text(), ["withinDays"] = Integer(), ["words"] = Text(), ["hasValue"] = Boolean(),
            })),
            ["holdOutPercent"] = Integer(nullable: true), ["executions"] = Integer(), ["goalsReached"] = Integer(), ["rate"] = Number(nullable: true),
            ["value"] = Number(), ["medianDaysToGoal"] = Number(nullable: true), ["summary"] = Text(),
            ["treated"] = Ref("GoalGroup"), ["heldOut"] = Ref("GoalGroup"),
            ["comparison"] = OrNull(Response("Treated minus held out; intervals null while `enough` is false (a group below `minimumPerGroup` records) or, for days, too few reached the goal.", new()
            {
                ["enough"] = Boolean(), ["minimumPerGroup"] = Integer(), ["rate"] = OrNull(Interval()), ["valuePerRecord"] = OrNull(Interval()),
                ["daysToGoal"] = OrNull(Interval()), ["words"] = Text(),
            })),
        }),
        ["GoalGroup"] = Response("One group's figures: executions, goals reached, rate 0–1 (null with none), value, median days to the goal, and how many had a message suppressed (consent, quiet hours; not the same as held out).", new()
        {
            ["executions"] = Integer(), ["goalsReached"] = Integer(), ["rate"] = Number(nullable: true), ["value"] = Number(), ["medianDaysToGoal"] = Number(nullable: true),
            ["suppressed"] = Integer(),
        }),
        ["Metrics"] = Response("Totals and a series for a period, from the hourly rollups; hours and days start in `timeZone` (the organization's).", new()
        {
            ["workflowId"] = Uuid(nullable: true), ["from"] = Instant(), ["to"] = Instant(), ["granularity"] = Enum("hour", "day"), ["timeZone"] = Text(),
            ["totals"] = Ref("MetricsTotals"), ["series"] = List(Ref("MetricsPeriod")),
        }),
        ["MetricsTotals"] = Response("A period's totals: `successRate` is successes / (successes + failures), 0–1; times in ms.", new()
        {
            ["executions"] = Integer(), ["successes"] = Integer(), ["failures"] = Integer(), ["successRate"] = Number(nullable: true),
            ["averageMs"] = Integer(nullable: true), ["p95Ms"] = Integer(nullable: true), ["emailsSent"] = Integer(), ["smsSent"] = Integer(), ["webhooksSent"] = Integer(),
        }),
        ["MetricsPeriod"] = Response("One hour or day of the series (`periodStart`, UTC).", new()
        {
            ["periodStart"] = Instant(), ["executions"] = Integer(), ["successes"] = Integer(), ["failures"] = Integer(), ["averageMs"] = Integer(nullable: true),
            ["emailsSent"] = Integer(), ["smsSent"] = Integer(), ["webhooksSent"] = Integer(),
        }),
        ["Outcomes"] = Response("What the automations did in a period, counted from what happened (current to the second); hours and days start in `timeZone` (the organization's).", new()
        {
            ["workflowId"] = Uuid(nullable: true), ["from"] = Instant(), ["to"] = Instant(), ["granularity"] = Enum("hour", "day"), ["timeZone"] = Text(),
            ["totals"] = Ref("OutcomeCounts"), ["series"] = List(Ref("OutcomePeriod")),
        }),
        ["OutcomeCounts"] = Response("Texts and emails sent, tasks created, replies received, confirmations (replies meaning yes), and failed executions none of whose retries completed.", OutcomeCounts()),
        ["OutcomePeriod"] = Response("One hour or day of the series with anything in it (`periodStart`, UTC).", new(OutcomeCounts()) { ["periodStart"] = Instant() }),
        ["WorkflowMetrics"] = Response("Each workflow with executions in the period (others had none): totals and a count per day of `timeZone`, for `days`.", new()
        {
            ["timeZone"] = Text(), ["from"] = Instant(), ["to"] = Instant(), ["days"] = List(Date()), ["items"] = List(Ref("WorkflowActivity")),
        }),
        ["WorkflowActivity"] = Response("One workflow's executions in the period; `successRate` 0–1, null when none ended.", new()
        {
            ["workflowId"] = Uuid(), ["executions"] = Integer(), ["successes"] = Integer(), ["failures"] = Integer(), ["successRate"] = Number(nullable: true),
            ["daily"] = List(Response("One day's executions.", new() { ["date"] = Date(), ["executions"] = Integer(), ["successes"] = Integer(), ["failures"] = Integer() })),
        }),
    };

    static OpenApiSchema Interval() => Response("A difference with its 95 % interval; `excludesZero`: the data show a difference.", new()
    {
        ["estimate"] = Number(), ["low"] = Number(), ["high"] = Number(), ["excludesZero"] = Boolean(),
    });
    static Dictionary<string, IOpenApiSchema> VersionEntry() => new()
    {
        ["version"] = Integer(), ["savedAt"] = Instant(), ["savedBy"] = Text(nullable: true), ["summary"] = Text(), ["restoredFrom"] = Integer(nullable: true),
        ["live"] = Boolean(), ["executionsStarted"] = Integer(), ["runningNow"] = Integer(),
    };

    static Dictionary<string, IOpenApiSchema> OutcomeCounts() => new()
    {
        ["textsSent"] = Integer(), ["emailsSent"] = Integer(), ["tasksCreated"] = Integer(), ["repliesReceived"] = Integer(),
        ["confirmations"] = Integer(), ["needingAttention"] = Integer(),
    };

    /// <summary>The object, or null.</summary>
    static OpenApiSchema OrNull(OpenApiSchema schema)
    {
        schema.Type |= JsonSchemaType.Null;
        return schema;
    }

    /// <summary>
    /// An object whose listed <paramref name="required"/> properties are always present; <paramref name="closed"/>: it has no
    /// other property (a response's shape: a renamed field fails the response check, ADR 0016).
    /// </summary>
    static OpenApiSchema Object(string description, Dictionary<string, IOpenApiSchema> properties, IEnumerable<string>? required = null, bool closed = false) =>
        new()
        {
            Type = JsonSchemaType.Object, Description = description, Properties = properties,
            Required = required is null ? null : new HashSet<string>(required, StringComparer.Ordinal),
            AdditionalPropertiesAllowed = !closed,
        };

    /// <summary>An object the API writes: every property is always there (null where the schema allows it), and no other.</summary>
    static OpenApiSchema Response(string description, Dictionary<string, IOpenApiSchema> properties) => Object(description, properties, properties.Keys, closed: true);

    /// <summary>An object the API writes whose properties other than <paramref name="required"/> appear only when they apply.</summary>
    static OpenApiSchema Written(string description, Dictionary<string, IOpenApiSchema> properties, IEnumerable<string>? required = null) =>
        Object(description, properties, required, closed: true);

    static OpenApiSchema Page(string item) => Response($"A page of {item} items; `nextCursor` fetches the next one (null on the last page).", new()
    {
        ["items"] = List(Ref(item)), ["nextCursor"] = Text(nullable: true),
    });

    static OpenApiSchema Text(bool nullable = false) => new() { Type = Maybe(JsonSchemaType.String, nullable) };

    static OpenApiSchema Enum(params string[] values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v))] };

    static OpenApiSchema FieldKinds() => Enum([.. System.Enum.GetValues<FieldKind>().Select(RecordField.KindName)]);

    static OpenApiSchema Uuid(bool nullable = false) => new() { Type = Maybe(JsonSchemaType.String, nullable), Format = "uuid" };

    static OpenApiSchema Instant(bool nullable = false) => new() { Type = Maybe(JsonSchemaType.String, nullable), Format = "date-time" };

    static OpenApiSchema Date() => new() { Type = JsonSchemaType.String, Format = "date" };

    static OpenApiSchema Integer(bool nullable = false) => new() { Type = Maybe(JsonSchemaType.Integer, nullable) };

    static OpenApiSchema Number(bool nullable = false) => new() { Type = Maybe(JsonSchemaType.Number, nullable) };

    static OpenApiSchema Boolean() => new() { Type = JsonSchemaType.Boolean };

    static OpenApiSchema Any() => new();

    static OpenApiSchema List(IOpenApiSchema item) => new() { Type = JsonSchemaType.Array, Items = item };

    static JsonSchemaType Maybe(JsonSchemaType type, bool nullable) => nullable ? type | JsonSchemaType.Null : type;

    internal static OpenApiSchemaReference Ref(string name) => new(name);
}
