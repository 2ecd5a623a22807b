using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// A service the messages go out through, whose outages are held, not failed (ADR 0019): its stored key (a circuit's
/// and a held step's <c>provider</c>) and what a person calls it. A webhook's receiving host is one too.
/// </summary>
internal sealed record Provider(string Key, string Label)
{
    public static Provider Smtp { get; } = new("smtp", "the email server");

    public static Provider Telnyx { get; } = new("telnyx", "Telnyx");

    public static Provider WebPush { get; } = new("web_push", "the app notification service");

    /// <summary>Not a provider: a paused automation holds its executions at their next action the same way.</summary>
    public static Provider Paused { get; } = new("paused", "the automation");

    /// <summary>
    /// The host a <c>webhook</c> step posts to (its stored key <c>webhook:&lt;host&gt;</c>, and the host as its label): each
    /// host has its own circuit, so one receiver down never holds another's webhooks.
    /// </summary>
    public static Provider Webhook(string host) => new($"{WebhookPrefix}{host.ToLowerInvariant()}", host.ToLowerInvariant());

    const string WebhookPrefix = "webhook:";

    /// <summary>The provider a channel's messages go out through.</summary>
    public static Provider For(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => Smtp,
        MessageChannel.Sms => Telnyx,
        _ => WebPush,
    };

    /// <summary>The provider a stored key names (an unknown key keeps itself as its label).</summary>
    public static Provider Parse(string key) =>
        key.StartsWith(WebhookPrefix, StringComparison.Ordinal)
            ? Webhook(key[WebhookPrefix.Length..])
            : new[] { Smtp, Telnyx, WebPush, Paused }.FirstOrDefault(p => p.Key == key) ?? new Provider(key, key);
}
