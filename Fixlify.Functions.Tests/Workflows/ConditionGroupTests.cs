using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>Rules that could never be true as written are refused when the workflow is saved, at their path.</summary>
public sealed class ConditionGroupTests
{
    [Theory]
    [InlineData("""{"all": [{"field": "job.total", "op": "gt", "value": "abc"}]}""", "when.all[0].value", "Enter a number or a date to compare with.")]
    [InlineData("""{"all": [{"field": "job.total", "op": "lte", "value": true}]}""", "when.all[0].value", "Enter a number or a date to compare with.")]
    [InlineData("""{"any": [{"field": "job.total", "op": "gt", "value": null}]}""", "when.any[0].value", "Enter a number or a date to compare with.")]
    [InlineData("""{"all": [{"field": "client.email", "op": "exists", "value": "yes"}]}""", "when.all[0].value", "Choose “is filled in” or “is empty”.")]
    public void Read_ARuleThatCannotHold_IsRefusedAtItsPath(string json, string path, string message)
    {
        var errors = new List<FieldError>();

        var group = ConditionGroup.Read(JsonNode.Parse(json), "when", ContextSchema.For(TriggerType.JobCompleted), errors);

        Assert.Empty(group?.Rules ?? []);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"all": [{"field": "job.total", "op": "gt", "value": 500}]}""")]
    [InlineData("""{"all": [{"field": "job.total", "op": "gt", "value": "1,500.00"}]}""")]
    [InlineData("""{"all": [{"field": "job.scheduled_start", "op": "lt", "value": "2026-03-10T09:00:00-05:00"}]}""")]
    [InlineData("""{"all": [{"field": "client.email", "op": "exists"}, {"field": "client.phone", "op": "exists", "value": false}]}""")]
    public void Read_NumbersDatesAndFlags_AreAccepted(string json)
    {
        var errors = new List<FieldError>();

        Assert.NotNull(ConditionGroup.Read(JsonNode.Parse(json), "when", ContextSchema.For(TriggerType.JobCompleted), errors));
        Assert.Empty(errors);
    }
}
