using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// A workflow's hold-out group (<c>triggerConfig.holdOutPercent</c>, 1–50): that share of its records is kept out — each
/// gets an execution that ends <c>held_out</c> at once, nothing sent — so the outcomes can compare the clients who got the
/// automation with those who did not. Which group a record is in is a pure function of (workflow id, record id): the first
/// eight bytes of SHA-256 of "workflowId/recordId" as a number, modulo 10,000, below percent × 100 is held out. It does not
/// depend on the version, the time or the process, so a record stays in its group across versions and restarts.
/// </summary>
internal static class HoldOutGroup
{
    public const string Key = "holdOutPercent";
    public const int MinPercent = 1;
    public const int MaxPercent = 50;

    /// <summary>The share kept out, or null when the workflow keeps none.</summary>
    public static int? Percent(JsonObject triggerConfig) => TriggerSettings.Whole(triggerConfig[Key]) is { } percent and >= MinPercent and <= MaxPercent ? percent : null;

    /// <summary>Whether <paramref name="recordId"/> is in <paramref name="workflowId"/>'s hold-out group of <paramref name="percent"/> %.</summary>
    public static bool IsHeldOut(Guid workflowId, Guid recordId, int percent)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes($"{workflowId:D}/{recordId:D}"), hash);
        var bucket = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % 10_000;
        return bucket < (ulong)(percent * 100);
    }

    /// <summary>Whether a record is held out of a workflow with <paramref name="triggerConfig"/>: false when it keeps none out.</summary>
    public static bool IsHeldOut(Guid workflowId, JsonObject triggerConfig, Guid? recordId) =>
        recordId is { } record && Percent(triggerConfig) is { } percent && IsHeldOut(workflowId, record, percent);

    /// <summary>What the executions list and the dry run say of a held-out record.</summary>
    public const string Words = "Held out (comparison group)";

    /// <summary>
    /// Which group the dry run and the backtest say a record falls in: <c>held_out</c> or <c>treated</c>, with a sentence;
    /// null when the workflow keeps no share out or the run is about no record.
    /// </summary>
    public static JsonObject? Describe(Guid workflowId, JsonObject triggerConfig, Guid? recordId)
    {
        if (Percent(triggerConfig) is not { } percent || recordId is not { } record)
        {
            return null;
        }

        var heldOut = IsHeldOut(workflowId, record, percent);
        return new JsonObject
        {
            ["group"] = heldOut ? "held_out" : "treated",
            ["percent"] = percent,
            ["words"] = heldOut
                ? $"This record is in the hold-out group ({percent} % of records): a real start would end at once as “{Words}”, with nothing sent."
                : $"This record gets the automation (the other {100 - percent} % of records; {percent} % are held out to compare with).",
        };
    }
}
