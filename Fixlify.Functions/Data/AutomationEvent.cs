using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>A row of the outbox: one business event (or a time trigger firing).</summary>
/// <param name="TraceParent">The W3C trace context the event's trace continues from (the write's, or the relay's), if any.</param>
internal sealed record AutomationEvent(
    Guid Id,
    Guid OrganizationId,
    string EventType,
    string EntityType,
    Guid? EntityId,
    JsonObject Payload,
    string? Origin,
    int ChainDepth,
    DateTimeOffset OccurredAt,
    string? TraceParent = null)
{
    /// <summary>The workflow a time trigger fired for (its payload names it); null for business events.</summary>
    public Guid? TargetWorkflowId => Guid.TryParse(Payload["workflowId"]?.ToString(), out var id) ? id : null;

    /// <summary>The event as a Service Bus message body and as it is parsed back.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id.ToString(),
        ["organizationId"] = OrganizationId.ToString(),
        ["eventType"] = EventType,
        ["entityType"] = EntityType,
        ["entityId"] = EntityId?.ToString(),
        ["payload"] = Payload.DeepClone(),
        ["origin"] = Origin,
        ["chainDepth"] = ChainDepth,
        ["occurredAt"] = OccurredAt,
        ["traceParent"] = TraceParent,
    };

    /// <summary>Reads an event back from JSON; the reason when it cannot be one. Whether its type is one a workflow can start on is the reader's to check.</summary>
    public static (AutomationEvent? Event, string? Problem) FromJson(string json)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, $"The body is not JSON: {e.Message}");
        }

        if (body is null)
        {
            return (null, "The body is not a JSON object.");
        }

        if (!Guid.TryParse(body["id"]?.ToString(), out var id))
        {
            return (null, "The event has no id.");
        }

        if (!Guid.TryParse(body["organizationId"]?.ToString(), out var organization))
        {
            return (null, "The event has no organization.");
        }

        var type = body["eventType"]?.ToString();
        if (string.IsNullOrEmpty(type))
        {
            return (null, $"Unknown event type '{type}'.");
        }

        return (new AutomationEvent(
            id,
            organization,
            type,
            body["entityType"]?.ToString() ?? "",
            Guid.TryParse(body["entityId"]?.ToString(), out var entity) ? entity : null,
            body["payload"] as JsonObject is { } payload ? (JsonObject)payload.DeepClone() : [],
            body["origin"]?.ToString(),
            body["chainDepth"] is JsonValue depth && depth.TryGetValue<int>(out var d) ? d : 0,
            DateTimeOffset.TryParse(body["occurredAt"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch,
            body["traceParent"]?.ToString()), null);
    }
}
