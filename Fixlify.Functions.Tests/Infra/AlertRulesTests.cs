namespace Fixlify.Tests.Infra;

/// <summary>The compiled template alerts on two of the metrics docs/operations.md asks an operator to watch.</summary>
public sealed class AlertRulesTests
{
    static readonly ArmTemplate Template = ArmTemplate.Main;

    [Theory]
    [InlineData("fixlify.outbox.oldest_unrelayed_age", "Maximum")]
    [InlineData("fixlify.executions.ended", "Total")]
    public void Template_AlertsOnTheMetric(string metric, string aggregation)
    {
        var rules = Template.OfType("Microsoft.Insights/scheduledQueryRules");

        var rule = Assert.Single(rules, r => r.Get("properties", "criteria", "allOf").EnumerateArray().Any(c => c.GetProperty("query").GetString()!.Contains($"\"{metric}\"", StringComparison.Ordinal)));
        var criterion = rule.Get("properties", "criteria", "allOf")[0];
        Assert.Equal(aggregation, criterion.GetProperty("timeAggregation").GetString());
        Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
        Assert.True(rule.Get("properties", "enabled").GetBoolean());
    }
}
