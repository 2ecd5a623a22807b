namespace Fixlify.Channels;

/// <summary>Settings of the guarded HTTP client that webhooks and API calls go out through.</summary>
internal sealed class HttpGuardOptions
{
    public const string Section = "Http";

    /// <summary>
    /// Lets requests reach loopback addresses (127.0.0.0/8, ::1): for local development and tests only.
    /// Private, link-local and every other internal range stay refused even then.
    /// </summary>
    public bool AllowLoopback { get; set; }
}
