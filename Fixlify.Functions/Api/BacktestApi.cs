using System.Globalization;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/workflows/{id}/backtest</c> {from, to}: what the workflow as saved (active or not) would have done over a
/// past period (<see cref="WorkflowBacktest"/>), with nothing sent or written. <c>from</c> and <c>to</c> are instants with
/// an offset (or Z); the period may be at most 92 days, may not reach into the future, and may hold at most 10,000 of the
/// trigger's events (each is a 400 naming the field). While it runs, its progress goes to the organization's execution
/// stream as <c>backtest</c> events (<see cref="StreamProgress"/>).
/// </summary>
internal sealed class BacktestApi(TenantDatabase database, WorkflowBacktest backtest, ExecutionUpdateNotifier updates, TimeProvider clock)
{
    /// <summary>The least time between two progress reports of one backtest on the stream (the first and the last always go).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public async Task<IResult> RunAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, errors, problem) = await WorkflowTrial.OpenAsync(
            context, id, RequestBody.Required,
            "Unknown field: the body is {\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"}.", ["from", "to"], cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (identity, _, body) = request!;
        var from = Instant(body, "from", errors);
        var to = Instant(body, "to", errors);
        CheckPeriod(from, to, clock.GetUtcNow(), errors);

        return await WorkflowTrial.RunAsync(
            database,
            request,
            errors,
            async workflow =>
            {
                var progress = new StreamProgress(updates, clock, identity.OrganizationId, workflow.Id);
                var result = await backtest.RunAsync(identity.OrganizationId, workflow, from!.Value, to!.Value, progress, cancellationToken);
                return result.Report is { } report ? Results.Ok(report) : Problems.Validation(result.Errors);
            },
            cancellationToken);
    }

    /// <summary>The backtest's limits on a period: after its start, at most 92 days, ending by now (each a problem naming <c>to</c>).</summary>
    internal static void CheckPeriod(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now, List<FieldError> errors)
    {
        if (from is { } start && to is { } end)
        {
            if (end <= start)
            {
                errors.Add(new FieldError("to", "Must be after 'from'."));
            }
            else if (end - start > WorkflowBacktest.MaxPeriod)
            {
                errors.Add(new FieldError("to", $"A backtest covers at most {WorkflowBacktest.MaxPeriod.TotalDays:0} days; this period is {(end - start).TotalDays:0.#} days."));
            }

            if (end > now)
            {
                errors.Add(new FieldError("to", $"A backtest looks back: the period must end by now ({now.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})."));
            }
        }
    }

    /// <summary>An instant with its offset (<c>2026-01-01T00:00:00Z</c>, <c>…-05:00</c>), as UTC.</summary>
    internal static DateTimeOffset? Instant(JsonObject body, string field, List<FieldError> errors)
    {
        var text = body[field] is JsonValue value && value.TryGetValue<string>(out var given) ? given : null;
        if (text is not null && text.Length > 10 && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > 10)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToUniversalTime();
        }

        errors.Add(new FieldError(field, text is null ? "Required: an instant such as 2026-01-01T00:00:00Z." : $"'{text}' is not an instant with an offset, such as 2026-01-01T00:00:00Z."));
        return null;
    }

    /// <summary>
    /// A backtest's progress as <c>backtest</c> events on the organization's execution stream:
    /// <c>{backtestId, workflowId, replayed, total}</c>, the first and the last report and at most one per
    /// <see cref="ProgressInterval"/> between them.
    /// </summary>
    internal sealed class StreamProgress(ExecutionUpdateNotifier updates, TimeProvider clock, Guid organizationId, Guid workflowId) : IProgress<BacktestProgress>
    {
        readonly Guid _backtestId = Guid.NewGuid();
        DateTimeOffset? _last;

        public void Report(BacktestProgress value)
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last < ProgressInterval && value.Replayed < value.Total)
            {
                return;
            }

            _last = now;
            updates.Progress(organizationId, _backtestId, new JsonObject
            {
                ["backtestId"] = _backtestId.ToString(),
                ["workflowId"] = workflowId.ToString(),
                ["replayed"] = value.Replayed,
                ["total"] = value.Total,
            });
        }
    }
}
