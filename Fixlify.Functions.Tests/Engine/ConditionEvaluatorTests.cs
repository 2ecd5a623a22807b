using System.Text.Json.Nodes;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Tests.Engine;

/// <summary>
/// Every operator on every kind of value a record field can hold (docs/engine.md, "What a rule means"): a missing field, null, an
/// empty string, a blank string, an empty list, a number, a numeric string, an ISO-8601 date string and a boolean.
/// </summary>
public sealed class ConditionEvaluatorTests
{
    static readonly JsonObject Context = JsonNode.Parse(
        """
        {"r": {"nothing": null, "empty": "", "blank": "   ", "none": [], "number": 1250, "numeric": "1,250.50",
               "date": "2026-03-10T14:00:00Z", "flag": true, "text": "abc", "tags": ["vip", "residential"]}}
        """)!.AsObject();

    /// <summary>The fields, in the order of the expected results' letters.</summary>
    static readonly string[] Fields = ["r.missing", "r.nothing", "r.empty", "r.blank", "r.none", "r.number", "r.numeric", "r.date", "r.flag"];

    public static TheoryData<string, string?, string> Table => new()
    {
        //  op           value (JSON)                     missing null '' '  ' [] 1250 "1,250.50" date true
        { "exists",     null,                            "F F F F F T T T T" },
        { "exists",     "true",                          "F F F F F T T T T" },
        { "exists",     "false",                         "T T T T T F F F F" },
        { "eq",         "null",                          "T T F F F F F F F" },
        { "eq",         "\"\"",                          "F F T F F F F F F" },
        { "eq",         "1250",                          "F F F F F T F F F" },
        { "eq",         "\"1250\"",                      "F F F F F T F F F" },
        { "eq",         "1250.5",                        "F F F F F F T F F" },
        { "eq",         "\"2026-03-10T09:00:00-05:00\"", "F F F F F F F T F" },
        { "eq",         "true",                          "F F F F F F F F T" },
        { "ne",         "1250",                          "T T T T T F T T T" },
        { "ne",         "null",                          "F F T T T T T T T" },
        { "gt",         "1000",                          "F F F F F T T F F" },
        { "gt",         "\"1,000\"",                     "F F F F F T T F F" },
        { "gte",        "1250.5",                        "F F F F F F T F F" },
        { "lt",         "2000",                          "F F F F F T T F F" },
        { "lte",        "1250",                          "F F F F F T F F F" },
        { "gt",         "\"2026-01-01\"",                "F F F F F F F T F" },
        { "lte",        "\"2026-03-10T14:00:00Z\"",      "F F F F F F F T F" },
        { "lt",         "\"2026-03-10T10:00:00-05:00\"", "F F F F F F F T F" },
        { "in",         "[1250, true]",                  "F F F F F T F F T" },
        { "in",         "[null, \"\"]",                  "T T T F F F F F F" },
        { "contains",   "\"250\"",                       "F F F F F F T F F" },
        { "contains",   "\"\"",                          "F F F F F F F F F" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Evaluate_EveryKindOfValue_GivesTheTablesResult(string op, string? value, string expected)
    {
        var results = Fields.Select(field => ConditionEvaluator.Evaluate(new ConditionRule(field, op, value is null ? null : JsonNode.Parse(value)), Context) ? "T" : "F");

        Assert.Equal(expected, string.Join(' ', results));
    }

    [Theory]
    [InlineData("r.text", "gt", "500", "r.text is the text \"abc\", not a number")]
    [InlineData("r.flag", "gt", "0", "r.flag is the boolean true, not a number")]
    [InlineData("r.date", "lt", "500", "r.date is the text \"2026-03-10T14:00:00Z\", not a number")]
    [InlineData("r.number", "gt", "\"2026-01-01\"", "r.number is the number 1250, not an ISO-8601 date")]
    [InlineData("r.missing", "gte", "1", "r.missing is missing or null, not a number")]
    [InlineData("r.empty", "exists", null, "r.empty is an empty string")]
    [InlineData("r.blank", "exists", null, "r.blank is a blank string")]
    [InlineData("r.none", "exists", null, "r.none is an empty list")]
    [InlineData("r.number", "contains", "\"25\"", "r.number is the number 1250: contains looks in text or a list")]
    public void Explain_ValuesThatCannotBeComparedAsAsked_AreFalseAndSayWhy(string field, string op, string? value, string reason)
    {
        var group = new ConditionGroup("all", [new ConditionRule(field, op, value is null ? null : JsonNode.Parse(value))], []);

        var explained = ConditionEvaluator.Explain(group, Context);

        var rule = explained["rules"]![0]!;
        Assert.False(rule["result"]!.GetValue<bool>());
        Assert.Equal(reason, rule["reason"]?.GetValue<string>());
        Assert.False(explained["result"]!.GetValue<bool>());
    }

    [Fact]
    public void Evaluate_TheIssuesCases_AreFalse()
    {
        // "abc" gt 500 was true (compared as text); '' and blanks "existed", so the email branch was taken without an address.
        var context = JsonNode.Parse("""{"invoice": {"number": "abc"}, "client": {"email": "", "phone": "  "}}""")!.AsObject();

        Assert.False(ConditionEvaluator.Evaluate(new ConditionRule("invoice.number", "gt", JsonValue.Create(500)), context));
        Assert.False(ConditionEvaluator.Evaluate(new ConditionRule("client.email", "exists", null), context));
        Assert.False(ConditionEvaluator.Evaluate(new ConditionRule("client.phone", "exists", null), context));
    }

    [Theory]
    [InlineData("contains", "\"vip\"", true)]
    [InlineData("contains", "\"VIP\"", false)]
    [InlineData("in", "[\"commercial\", \"vip\"]", true)]
    [InlineData("in", "[\"commercial\"]", false)]
    [InlineData("exists", null, true)]
    public void Evaluate_AListField_LooksAtItsItems(string op, string? value, bool expected) =>
        Assert.Equal(expected, ConditionEvaluator.Evaluate(new ConditionRule("r.tags", op, value is null ? null : JsonNode.Parse(value)), Context));

    [Theory]
    [InlineData("Main St", true)]
    [InlineData("main st", true)]
    [InlineData("Oak Ave", false)]
    public void Evaluate_ContainsOnText_IgnoresCase(string part, bool expected) =>
        Assert.Equal(expected, ConditionEvaluator.Evaluate(
            new ConditionRule("job.address", "contains", JsonValue.Create(part)), JsonNode.Parse("""{"job": {"address": "12 Main St, Springfield"}}""")!.AsObject()));

    [Theory]
    [InlineData("""{"trigger": {"changed": ["status"]}, "job": {"status": "completed"}}""", true)]
    [InlineData("""{"trigger": {"changed": ["total"]}, "job": {"status": "completed"}}""", false)]
    [InlineData("""{"trigger": {"changed": ["status"]}, "job": {"status": "scheduled"}}""", false)]
    public void Evaluate_ChangedTo_NeedsTheChangeAndTheValue(string context, bool expected) =>
        Assert.Equal(expected, ConditionEvaluator.Evaluate(new ConditionRule("job.status", "changed_to", JsonValue.Create("completed")), JsonNode.Parse(context)!.AsObject()));
}
