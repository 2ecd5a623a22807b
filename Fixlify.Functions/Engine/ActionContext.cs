using System.Text.Json.Nodes;

namespace Fixlify.Engine;

/// <summary>Reads the business records an execution's context holds.</summary>
internal static class ActionContext
{
    /// <summary>The id of a record in the context (<c>job</c>, <c>client</c>, …), if it holds one.</summary>
    public static Guid? RecordId(JsonObject context, string record) =>
        Guid.TryParse(context[record]?["id"]?.ToString(), out var id) ? id : null;

    /// <summary>What the execution is about: the trigger's record, else the first record the context holds.</summary>
    public static (string Type, Guid Id)? Subject(JsonObject context)
    {
        if (context["trigger"]?["entityType"]?.ToString() is { } type && Guid.TryParse(context["trigger"]?["entityId"]?.ToString(), out var id))
        {
            return (type, id);
        }

        foreach (var record in new[] { "job", "invoice", "estimate", "client" })
        {
            if (RecordId(context, record) is { } recordId)
            {
                return (record, recordId);
            }
        }

        return null;
    }
}
