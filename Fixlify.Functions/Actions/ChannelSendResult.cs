using System.Text.Json.Nodes;

namespace Fixlify.Actions;

/// <summary>
/// What the provider did with one message, a closed set: <see cref="ChannelSent"/> (with its id),
/// <see cref="ChannelOptedOut"/> (the provider says the recipient opted out), <see cref="ChannelNotDelivered"/>, or
/// <see cref="ChannelSendLater"/> (not now: ask again at its time). <see cref="Output"/> is what the step records.
/// </summary>
internal abstract record ChannelSendResult
{
    private protected ChannelSendResult(JsonObject output, string summary) => (Output, Summary) = (output, summary);

    public JsonObject Output { get; }

    public string Summary { get; }

    public static ChannelSendResult Sent(string? providerId, JsonObject output, string summary) => new ChannelSent(providerId, output, summary);

    public static ChannelSendResult OptedOut(string reason) => new ChannelOptedOut(reason);

    public static ChannelSendResult NotDelivered(string reason, JsonObject? output = null) => new ChannelNotDelivered(output ?? new JsonObject { ["reason"] = reason }, reason);

    public static ChannelSendResult Later(DateTimeOffset retryAt, string reason) => new ChannelSendLater(retryAt, reason);
}

/// <summary>Sent: the provider took it, under <see cref="ProviderId"/> when it gave one.</summary>
internal sealed record ChannelSent(string? ProviderId, JsonObject Output, string Summary) : ChannelSendResult(Output, Summary);

/// <summary>Refused because the recipient opted out (the provider knows it): recorded as suppressed.</summary>
internal sealed record ChannelOptedOut(string Reason) : ChannelSendResult(new JsonObject { ["reason"] = Reason }, Reason);

/// <summary>Not delivered to anyone (e.g. every push subscription gone): recorded as suppressed.</summary>
internal sealed record ChannelNotDelivered(JsonObject Output, string Summary) : ChannelSendResult(Output, Summary);

/// <summary>Not now (a provider's rate limit): nothing is recorded, and the step asks again at <see cref="RetryAt"/>.</summary>
internal sealed record ChannelSendLater(DateTimeOffset RetryAt, string Reason) : ChannelSendResult([], Reason);
