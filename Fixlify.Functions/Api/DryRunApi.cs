using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/workflows/{id}/test</c> {context, definition?, replies?, events?}: a dry run of the workflow as saved (active
/// or not) — or, with <c>definition</c>, of a draft of it not yet saved (the builder's unsaved edits, checked as a save checks
/// them) — on the records the context names, like a manual run's: every step it would run, rendered and timed, with nothing
/// sent or written. <c>replies</c> simulates the client's answer to a wait_for_reply (<c>{"&lt;wait id&gt;": {"text": "C", "after":
/// "PT2H"}}</c>, <c>after</c> counted from the wait's start, default at once), <c>events</c> the event a wait_for_event
/// waits for (<c>{"&lt;wait id&gt;": {"after": "PT30M"}}</c>); a wait with nothing simulated times out.
/// </summary>
internal sealed class DryRunApi(TenantDatabase database, WorkflowDryRun dryRun, WorkflowCompiler compiler)
{
    public async Task<IResult> TestAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, errors, problem) = await WorkflowTrial.OpenAsync(
            context, id, RequestBody.Optional,
            "Unknown field: the body is {\"context\": {...}, \"definition\": {...}, \"replies\": {...}, \"events\": {...}, \"moves\": {...}}, e.g. {\"context\": {\"jobId\": \"...\"}}.",
            ["context", "definition", "replies", "events", "moves"], cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (identity, _, body) = request!;
        if (body["definition"] is { } definitionNode && definitionNode is not JsonObject)
        {
            errors.Add(new FieldError("definition", "Must be an object: the draft to try ({triggerType, triggerConfig, nodes, edges} or {steps})."));
        }

        var simulation = ReadSimulation(body, errors);
        if (body["context"] is { } given && given is not JsonObject)
        {
            errors.Add(new FieldError("context", "Must be an object naming the record to try the workflow on, e.g. {\"jobId\": \"...\"}."));
        }

        return await WorkflowTrial.RunAsync(
            database,
            request,
            errors,
            async saved =>
            {
                var workflow = saved;
                if (body["definition"] is JsonObject definition)
                {
                    var (draft, problems) = Draft(saved, definition);
                    if (draft is null)
                    {
                        return Problems.Validation(problems);
                    }

                    workflow = draft;
                }

                var result = await dryRun.RunAsync(
                    identity.OrganizationId, workflow, ExecutionContextBuilder.ManualTrigger(identity.Subject, body["context"], identity.Name), simulation, cancellationToken);
                return result.Report is { } report ? Results.Ok(report) : Problems.Validation(result.Errors);
            },
            cancellationToken);
    }

    /// <summary>The saved workflow with the draft's definition in place of its own, or every problem of the draft (paths under <c>definition</c>).</summary>
    (WorkflowRecord? Draft, IReadOnlyList<FieldError> Errors) Draft(WorkflowRecord saved, JsonObject definition)
    {
        var input = (JsonObject)definition.DeepClone();
        input["name"] ??= saved.Name;
        input.Remove("isActive");
        var (fields, errors) = WorkflowInput.ReadAndValidate(input, compiler);
        return fields is null
            ? (null, [.. errors.Select(e => e with { Path = $"definition.{e.Path}" })])
            : (saved with
            {
                TriggerType = fields.TriggerType, TriggerConfig = fields.TriggerConfig, Nodes = fields.Nodes, Edges = fields.Edges, Steps = fields.Steps,
                Schedule = fields.Schedule,
            }, []);
    }

    /// <summary>The most text a simulated reply may hold (ten segments' worth).</summary>
    const int MaxReplyLength = 1600;

    /// <summary>The simulated replies and events of the body; each problem goes to <paramref name="errors"/> with its path.</summary>
    static DryRunSimulation ReadSimulation(JsonObject body, List<FieldError> errors)
    {
        var replies = new Dictionary<string, SimulatedReply>(StringComparer.Ordinal);
        var events = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (id, given) in Section(body, "replies", errors))
        {
            var path = $"replies.{id}";
            if (given is not JsonObject reply)
            {
                errors.Add(new FieldError(path, "Must be an object {\"text\": \"C\", \"after\": \"PT2H\"}."));
                continue;
            }

            Only(reply, path, errors, "text", "after");
            var text = reply["text"] is JsonValue value && value.TryGetValue<string>(out var written) ? written : null;
            if (string.IsNullOrWhiteSpace(text) || text.Length > MaxReplyLength)
            {
                errors.Add(new FieldError($"{path}.text", $"The reply's text: 1 to {MaxReplyLength} characters."));
            }

            if (After(reply, path, errors) is { } after && text is not null)
            {
                replies[id] = new SimulatedReply(after, text, SmsKeywords.Normalize(text), SmsKeywords.Classify(text) == SmsKeyword.OptOut);
            }
        }

        foreach (var (id, given) in Section(body, "events", errors))
        {
            var path = $"events.{id}";
            if (given is not JsonObject happened)
            {
                errors.Add(new FieldError(path, "Must be an object {\"after\": \"PT30M\"}."));
                continue;
            }

            Only(happened, path, errors, "after");
            if (After(happened, path, errors) is { } after)
            {
                events[id] = after;
            }
        }

        var moves = new Dictionary<string, SimulatedMove>(StringComparer.Ordinal);
        foreach (var (id, given) in Section(body, "moves", errors))
        {
            var path = $"moves.{id}";
            if (given is not JsonObject move)
            {
                errors.Add(new FieldError(path, "Must be an object {\"after\": \"PT1H\", \"to\": \"2026-12-12T15:00:00Z\"}."));
                continue;
            }

            Only(move, path, errors, "after", "to");
            DateTime? to = null;
            var toValid = move["to"] is null
                || (move["to"] is JsonValue value && value.TryGetValue<string>(out var text)
                    && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed)
                    && (to = parsed.UtcDateTime) is not null);
            if (!toValid)
            {
                errors.Add(new FieldError($"{path}.to", "The record's new date and time, with its offset (e.g. 2026-12-12T15:00:00Z), or null for none."));
            }

            if (After(move, path, errors) is { } after && toValid)
            {
                moves[id] = new SimulatedMove(after, to);
            }
        }

        return new DryRunSimulation(replies, events, moves);
    }

    static JsonObject Section(JsonObject body, string name, List<FieldError> errors)
    {
        if (body[name] is null or JsonObject)
        {
            return body[name] as JsonObject ?? [];
        }

        errors.Add(new FieldError(name, $"Must be an object keyed by the wait step's id, e.g. {{\"reply\": {{...}}}}."));
        return [];
    }

    static void Only(JsonObject item, string path, List<FieldError> errors, params string[] known) =>
        errors.AddRange(item.Where(p => !known.Contains(p.Key)).Select(p => new FieldError($"{path}.{p.Key}", $"Unknown field: use {string.Join(", ", known)}.")));

    /// <summary>When the simulated signal comes, counted from the wait's start: an ISO-8601 duration, 0 or more (default 0).</summary>
    static TimeSpan? After(JsonObject item, string path, List<FieldError> errors)
    {
        if (item["after"] is null)
        {
            return TimeSpan.Zero;
        }

        if (item["after"] is JsonValue value && value.TryGetValue<string>(out var text) && IsoDuration.TryParse(text, out var after) && after >= TimeSpan.Zero)
        {
            return after;
        }

        errors.Add(new FieldError($"{path}.after", "An ISO-8601 duration from the wait's start, e.g. PT2H (0 or more)."));
        return null;
    }
}
