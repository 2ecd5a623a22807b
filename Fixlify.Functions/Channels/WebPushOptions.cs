namespace Fixlify.Channels;

/// <summary>The VAPID identity push notifications are sent under.</summary>
internal sealed class WebPushOptions
{
    public const string Section = "WebPush";

    /// <summary>A <c>mailto:</c> or https URL the push services may contact.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The application server key (base64url, uncompressed P-256 point) browsers subscribe with.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>Its private half (base64url); never logged.</summary>
    public string PrivateKey { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
