using System.Globalization;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>One group of a workflow's records in a period and how many reached the goal; <see cref="Rate"/> 0–1, null with none.</summary>
internal sealed record GoalGroupOutcome(int Executions, int Reached, double? Rate, decimal Value, double? MedianDays, int Suppressed);

/// <summary>
/// Treated minus held out, each with its 95 % interval (<see cref="OutcomeStatistics"/>): the rate (0–1), the value per
/// record, the days to the goal. <see cref="Enough"/> false: a group is below the minimum and the intervals are null.
/// </summary>
internal sealed record GoalComparison(bool Enough, DifferenceInterval? Rate, DifferenceInterval? ValuePerRecord, DifferenceInterval? Days, string Words);

/// <summary>What a workflow's goal came to in a period: the treated and held-out groups, their comparison, and a sentence.</summary>
internal sealed record GoalOutcomeReport(
    WorkflowRecord Workflow, WorkflowGoal? Goal, int? HoldOutPercent, string Currency, GoalGroupOutcome Treated, GoalGroupOutcome HeldOut,
    GoalComparison? Comparison, string Summary);

/// <summary>
/// <c>GET /api/workflows/{id}/outcomes</c>: a workflow's goal (<see cref="WorkflowGoal"/>) measured from the business's records
/// for the executions that started in a period (<see cref="GoalOutcomes"/>, attribution in docs/engine.md), split into the
/// treated and the held-out group (<see cref="HoldOutGroup"/>), compared with intervals, and said in one sentence:
/// "31 of 42 invoices paid within 14 days — $12,400; 9 days faster than the held-out clients (± 3)".
/// </summary>
internal sealed class MeasureGoalOutcomes(TenantDatabase database)
{
    /// <returns>Null when the organization has no such workflow.</returns>
    public async Task<GoalOutcomeReport?> ExecuteAsync(Guid organizationId, Guid workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken) is not { } workflow)
        {
            return null;
        }

        var currency = await GoalOutcomes.CurrencyAsync(transaction, cancellationToken);
        var holdOut = HoldOutGroup.Percent(workflow.TriggerConfig);
        var goal = ReadGoal(workflow);
        if (goal is null || TriggerType.Find(workflow.TriggerType)?.Entity is not { } entity)
        {
            var none = new GoalGroupOutcome(0, 0, null, 0, null, 0);
            return new GoalOutcomeReport(workflow, null, holdOut, currency, none, none, null,
                "No goal yet: choose one in the builder (such as “the invoice is paid within 14 days”) to see what this automation achieves.");
        }

        var figures = goal.Kind == GoalKind.Rule
            ? await JudgeRuleAsync(transaction, workflow.Id, goal, entity, from, to, cancellationToken)
            : await GoalOutcomes.ForWorkflowAsync(transaction, workflow.Id, goal.Kind.Name, entity, goal.WithinDays, from, to, cancellationToken);
        var treated = figures.FirstOrDefault(f => !f.HeldOut) ?? Empty(false);
        var heldOut = figures.FirstOrDefault(f => f.HeldOut) ?? Empty(true);
        var comparison = holdOut is null && heldOut.Executions == 0 ? null : Compare(treated, heldOut, goal, currency);
        return new GoalOutcomeReport(workflow, goal, holdOut, currency, Group(treated), Group(heldOut), comparison, Headline(goal, treated, comparison, currency));
    }

    static WorkflowGoal? ReadGoal(WorkflowRecord workflow)
    {
        if (workflow.TriggerConfig["goal"] is not { } node || !TriggerType.TryParse(workflow.TriggerType, out var trigger))
        {
            return null;
        }

        var errors = new List<FieldError>();
        return WorkflowGoal.Read(node, trigger, ContextSchema.For(trigger), errors);
    }

    static async Task<IReadOnlyList<GoalGroupFigures>> JudgeRuleAsync(
        DatabaseTransaction transaction, Guid workflowId, WorkflowGoal goal, string entity, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var candidates = await GoalOutcomes.RuleCandidatesAsync(transaction, workflowId, entity, from, to, cancellationToken);
        return [.. candidates.GroupBy(c => c.HeldOut).Select(g =>
        {
            var days = new List<double>();
            foreach (var c in g)
            {
                if (c.Record is { } record && c.ChangedAt is { } changed && !c.Superseded && changed >= c.StartedAt && changed < c.StartedAt.AddDays(goal.WithinDays)
                    && ConditionEvaluator.Evaluate(goal.Rule!, new JsonObject { [entity] = JsonNode.Parse(record) }))
                {
                    days.Add((changed - c.StartedAt).TotalDays);
                }
            }

            var (meanDays, daysVariance) = OutcomeStatistics.MeanAndVariance(days);
            var perRecord = Enumerable.Repeat(0.0, g.Count()).ToList();
            var (_, valueVariance) = OutcomeStatistics.MeanAndVariance(perRecord);
            return new GoalGroupFigures(g.Key, g.Count(), days.Count, 0, 0, valueVariance, OutcomeStatistics.Median(days), days.Count == 0 ? null : meanDays, daysVariance, g.Count(c => c.Suppressed));
        })];
    }

    static GoalGroupFigures Empty(bool heldOut) => new(heldOut, 0, 0, 0, null, null, null, null, null, 0);

    static GoalGroupOutcome Group(GoalGroupFigures f) =>
        new(f.Executions, f.Reached, f.Executions == 0 ? null : (double)f.Reached / f.Executions, f.Value, f.MedianDays, f.Suppressed);

    static GoalComparison Compare(GoalGroupFigures treated, GoalGroupFigures heldOut, WorkflowGoal goal, string currency)
    {
        if (treated.Executions < OutcomeStatistics.MinimumPerGroup || heldOut.Executions < OutcomeStatistics.MinimumPerGroup)
        {
            return new GoalComparison(false, null, null, null,
                $"Not enough data yet to compare with the held-out group: each group needs at least {OutcomeStatistics.MinimumPerGroup} records " +
                $"(now {treated.Executions} and {heldOut.Executions}).");
        }

        var rate = OutcomeStatistics.ProportionDifference(treated.Reached, treated.Executions, heldOut.Reached, heldOut.Executions);
        var value = goal.Kind.HasValue && treated.ValueVariance is { } tv && heldOut.ValueVariance is { } hv
            ? OutcomeStatistics.WelchDifference(treated.MeanValue ?? 0, tv, treated.Executions, heldOut.MeanValue ?? 0, hv, heldOut.Executions)
            : null;
        var days = treated.Reached >= OutcomeStatistics.MinimumReachedPerGroup && heldOut.Reached >= OutcomeStatistics.MinimumReachedPerGroup
            && treated.DaysVariance is { } td && heldOut.DaysVariance is { } hd
            ? OutcomeStatistics.WelchDifference(treated.MeanDays ?? 0, td, treated.Reached, heldOut.MeanDays ?? 0, hd, heldOut.Reached)
            : null;
        var words = new List<string> { RateWords(rate) };
        if (days is not null)
        {
            words.Add(DaysWords(days));
        }

        if (value is not null)
        {
            words.Add(ValueWords(value, currency));
        }

        return new GoalComparison(true, rate, value, days, Capital(string.Join("; ", words)) + ".");
    }

    static string Headline(WorkflowGoal goal, GoalGroupFigures treated, GoalComparison? comparison, string currency)
    {
        var headline = $"{treated.Reached} of {treated.Executions} {goal.Kind.Noun} within {PlainText.Count(goal.WithinDays, "day")}";
        if (goal.Kind.HasValue)
        {
            headline += $" — {Money(treated.Value, currency)}";
        }

        return comparison switch
        {
            { Enough: true, Days: { } days } => $"{headline}; {DaysWords(days)}",
            { Enough: true, Rate: { } rate } => $"{headline}; {RateWords(rate)}",
            _ => headline,
        };
    }

    static string RateWords(DifferenceInterval rate) =>
        $"{Number(Math.Abs(rate.Estimate) * 100)} percentage points {(rate.Estimate >= 0 ? "more" : "fewer")} reached the goal than the held-out group (± {Number(rate.HalfWidth * 100)}){Unclear(rate)}";

    static string DaysWords(DifferenceInterval days) =>
        $"{PlainText.Count((long)Math.Round(Math.Abs(days.Estimate)), "day")} {(days.Estimate <= 0 ? "faster" : "slower")} than the held-out clients who got nothing (± {Fine(days.HalfWidth)}){Unclear(days)}";

    static string ValueWords(DifferenceInterval value, string currency) =>
        $"{Money((decimal)Math.Abs(value.Estimate), currency)} {(value.Estimate >= 0 ? "more" : "less")} per record (± {Money((decimal)value.HalfWidth, currency)}){Unclear(value)}";

    static string Unclear(DifferenceInterval interval) => interval.ExcludesZero ? "" : ", which could still be no difference";

    static string Number(double value) => Math.Round(value).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>A small figure with a decimal where it matters: 0.3, 2.5, 12.</summary>
    static string Fine(double value) => value < 10 ? Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture) : Number(value);

    /// <summary>Money in whole units of the organization's currency: $12,400.</summary>
    public static string Money(decimal amount, string currency) => amount.ToString("C0", TemplateRenderer.CurrencyFormat(currency, null));

    static string Capital(string words) => string.Concat(char.ToUpper(words[0], CultureInfo.InvariantCulture).ToString(), words[1..]);
}
