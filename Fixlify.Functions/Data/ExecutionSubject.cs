using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// The record an execution is about, in words (<see cref="Label"/>: a job's title, an invoice's or estimate's number, a
/// client's name), and the client it concerns, as they are now.
/// </summary>
internal sealed record ExecutionSubject(string Record, Guid RecordId, string? Label, Guid? ClientId, string? ClientName)
{
    /// <summary>The execution's <c>record</c> as the API shows it: <c>{type, id, label}</c>.</summary>
    public JsonObject RecordJson() => new() { ["type"] = Record, ["id"] = RecordId.ToString(), ["label"] = Label };

    /// <summary>The execution's <c>client</c> as the API shows it: <c>{id, name}</c>, or null when the record has no client.</summary>
    public JsonObject? ClientJson() => ClientId is { } client ? new JsonObject { ["id"] = client.ToString(), ["name"] = ClientName } : null;
}
