using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>What differs between two versions, step by step (matched by id, nested steps too), in the words the history shows.</summary>
public sealed class VersionDifferenceTests
{
    [Fact]
    public void Compare_GraphNodes_MarksAddedRemovedAndChangedWithTheSettingsInWords()
    {
        var before = Graph(
            Node("wait", "delay", new JsonObject { ["config"] = new JsonObject { ["duration"] = "P3D" } }),
            Node("text", "action", new JsonObject { ["actionType"] = "send_sms", ["label"] = "Remind", ["config"] = new JsonObject { ["message"] = "See you soon" } }),
            Node("gone", "action", new JsonObject { ["actionType"] = "create_task", ["label"] = "Call", ["config"] = new JsonObject { ["title"] = "Call" } }));
        var after = Graph(
            Node("wait", "delay", new JsonObject { ["config"] = new JsonObject { ["duration"] = "PT36H" } }),
            Node("text", "action", new JsonObject { ["actionType"] = "send_sms", ["label"] = "Remind", ["config"] = new JsonObject { ["message"] = "See you tomorrow" } }),
            Node("new", "action", new JsonObject { ["actionType"] = "send_email", ["config"] = new JsonObject { ["subject"] = "Hi" } }));

        var (steps, trigger) = VersionDifference.Compare(before, after);

        Assert.Empty(trigger);
        Assert.Equal(
            [("wait", "changed"), ("text", "changed"), ("new", "added"), ("gone", "removed")],
            steps.Select(s => (s.StepId, s.Change)));
        Assert.Equal(["Wait: 3 days → 1 day 12 hours"], steps[0].Fields);
        Assert.Equal(["“Remind” › Text message: “See you soon” → “See you tomorrow”"], steps[1].Fields);
        Assert.Equal("Send email", steps[2].Label);
        Assert.Equal("Call", steps[3].Label);
    }

    [Fact]
    public void Compare_LinearStepsInsideABranch_AreMatchedByIdToo()
    {
        var before = Linear(Condition("paid", Delay("inner", "PT1H")));
        var after = Linear(Condition("paid", Delay("inner", "PT2H")));

        var (steps, _) = VersionDifference.Compare(before, after);

        var change = Assert.Single(steps);
        Assert.Equal("inner", change.StepId);
        Assert.Equal(["Wait: 1 hour → 2 hours"], change.Fields);
    }

    [Fact]
    public void Summary_ManyChanges_ShowsThreeAndCountsTheRest_NoChangeSaysSo()
    {
        var before = Linear(Delay("a", "PT1H"), Delay("b", "PT1H"), Delay("c", "PT1H"), Delay("d", "PT1H"), Delay("e", "PT1H"));
        var after = Linear(Delay("a", "PT2H"), Delay("b", "PT2H"), Delay("c", "PT2H"), Delay("d", "PT2H"), Delay("e", "PT2H"));

        Assert.Equal("Wait: 1 hour → 2 hours; Wait: 1 hour → 2 hours; Wait: 1 hour → 2 hours and 2 more changes", VersionDifference.Summary(before, after));
        Assert.Equal("No change to the steps", VersionDifference.Summary(before, before));
    }

    [Fact]
    public void Compare_TriggerSettings_AreNamedInWords()
    {
        var before = Linear(Delay("a", "PT1H")) with { TriggerConfig = new JsonObject { ["daysOverdue"] = 7 } };
        var after = Linear(Delay("a", "PT1H")) with { TriggerConfig = new JsonObject { ["daysOverdue"] = 14 } };

        var (_, trigger) = VersionDifference.Compare(before, after);

        var line = Assert.Single(trigger);
        Assert.EndsWith(": 7 → 14", line, StringComparison.Ordinal);
        Assert.DoesNotContain("daysOverdue", line, StringComparison.Ordinal);
    }

    static VersionDifference.Definition Graph(params JsonObject[] nodes) =>
        new("job_completed", [], new JsonArray([Node("trigger", "trigger", []), .. nodes]), [], null);

    static VersionDifference.Definition Linear(params JsonObject[] steps) => new("job_completed", [], [], new JsonArray(steps), null);

    static JsonObject Node(string id, string type, JsonObject data) => new() { ["id"] = id, ["type"] = type, ["data"] = data };

    static JsonObject Delay(string id, string duration) => new() { ["id"] = id, ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = duration } };

    static JsonObject Condition(string id, params JsonObject[] then) => new()
    {
        ["id"] = id,
        ["type"] = "condition",
        ["config"] = new JsonObject { ["all"] = new JsonArray() },
        ["then"] = new JsonArray(then),
    };
}
