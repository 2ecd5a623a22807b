using System.Text.Json.Nodes;
using Fixlify.Application;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/workflows/{id}/outcomes?from&amp;to</c>: what one workflow's goal came to for the executions that started in
/// the period (default the last 30 days) — executions, goals reached, rate, value in the organization's currency, median
/// days to the goal — for the treated and the held-out group, their difference with 95 % intervals, and the sentence the
/// screens lead with (<see cref="MeasureGoalOutcomes"/>). Not <c>GET /api/metrics/outcomes</c> (<see cref="OutcomeMetricsApi"/>),
/// which counts what the automations sent.
/// </summary>
internal sealed class GoalOutcomesApi(MeasureGoalOutcomes measure, TimeProvider clock)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        var (identity, workflowId, _) = request!;        var (from, to, empty) = ApiQuery.Period(context.Request, clock, DefaultPeriod);
        if (empty is not null)
        {
            return empty;
        }

        if (await measure.ExecuteAsync(identity.OrganizationId, workflowId, from, to, cancellationToken) is not { } report)
        {
            return NotFound(id);
        }

        return Results.Ok(new JsonObject
        {
            ["workflowId"] = workflowId.ToString(),
            ["from"] = from.ToUniversalTime(),
            ["to"] = to.ToUniversalTime(),
            ["currency"] = report.Currency,
            ["goal"] = report.Goal is { } goal
                ? new JsonObject { ["kind"] = goal.Kind.Name, ["withinDays"] = goal.WithinDays, ["words"] = goal.Words(), ["hasValue"] = goal.Kind.HasValue }
                : null,
            ["holdOutPercent"] = report.HoldOutPercent,
            ["executions"] = report.Treated.Executions,
            ["goalsReached"] = report.Treated.Reached,
            ["rate"] = report.Treated.Rate,
            ["value"] = report.Treated.Value,
            ["medianDaysToGoal"] = report.Treated.MedianDays,
            ["summary"] = report.Summary,
            ["treated"] = Group(report.Treated),
            ["heldOut"] = Group(report.HeldOut),
            ["comparison"] = report.Comparison is { } c
                ? new JsonObject
                {
                    ["enough"] = c.Enough,
                    ["minimumPerGroup"] = OutcomeStatistics.MinimumPerGroup,
                    ["rate"] = Interval(c.Rate),
                    ["valuePerRecord"] = Interval(c.ValuePerRecord),
                    ["daysToGoal"] = Interval(c.Days),
                    ["words"] = c.Words,
                }
                : null,
        });
    }

    static JsonObject Group(GoalGroupOutcome g) => new()
    {
        ["executions"] = g.Executions, ["goalsReached"] = g.Reached, ["rate"] = g.Rate, ["value"] = g.Value, ["medianDaysToGoal"] = g.MedianDays,
        ["suppressed"] = g.Suppressed,
    };

    static JsonObject? Interval(DifferenceInterval? i) => i is null
        ? null
        : new JsonObject { ["estimate"] = i.Estimate, ["low"] = i.Low, ["high"] = i.High, ["excludesZero"] = i.ExcludesZero };

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
