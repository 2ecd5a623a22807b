namespace Fixlify.Channels;

/// <summary>What an email carries when the organization does not say.</summary>
internal sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender address for organizations without <c>email_from_address</c>.</summary>
    public string FromAddress { get; set; } = "";

    /// <summary>
    /// A Liquid template of the one-click unsubscribe URL (https), e.g.
    /// <c>https://app.fixlify.example/unsubscribe?c={{ client.id }}&amp;o={{ organization.id }}</c>; empty leaves only the mailto form.
    /// </summary>
    public string UnsubscribeUrl { get; set; } = "";
}
