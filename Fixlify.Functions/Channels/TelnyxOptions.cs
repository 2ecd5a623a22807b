namespace Fixlify.Channels;

/// <summary>Telnyx messaging: the REST API that sends SMS and the key that signs its webhooks.</summary>
internal sealed class TelnyxOptions
{
    public const string Section = "Telnyx";

    public string BaseUrl { get; set; } = "https://api.telnyx.com";

    /// <summary>Sent as a bearer token; never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The base64 Ed25519 public key of the account, which verifies inbound webhooks.</summary>
    public string PublicKey { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
