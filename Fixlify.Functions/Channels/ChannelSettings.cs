using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Fixlify.Channels;

/// <summary>Checks the channel settings at start-up, so a typo stops the app instead of failing every send.</summary>
internal static class ChannelSettings
{
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        string? Value(string section, string key) => configuration[$"{section}:{key}"];
        void Problem(string section, string key, string message) => problems.Add($"Setting '{section}__{key}' {message}");

        if (Value(SmtpOptions.Section, nameof(SmtpOptions.TlsMode)) is { Length: > 0 } tls && !Enum.TryParse<SmtpTlsMode>(tls, ignoreCase: true, out _))
        {
            Problem(SmtpOptions.Section, nameof(SmtpOptions.TlsMode), $"is '{tls}': use {string.Join(", ", Enum.GetNames<SmtpTlsMode>())}.");
        }

        if (Value(SmtpOptions.Section, nameof(SmtpOptions.Port)) is { Length: > 0 } port
            && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535))
        {
            Problem(SmtpOptions.Section, nameof(SmtpOptions.Port), $"is '{port}': give a TCP port (1-65535).");
        }

        foreach (var section in new[] { SmtpOptions.Section, TelnyxOptions.Section, WebPushOptions.Section })
        {
            if (Value(section, "Timeout") is { Length: > 0 } timeout
                && (!TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var span) || span <= TimeSpan.Zero))
            {
                Problem(section, "Timeout", $"is '{timeout}': give a positive time span such as 00:00:30.");
            }
        }

        if (Value(EmailOptions.Section, nameof(EmailOptions.FromAddress)) is { Length: > 0 } from && !RecipientAddress.IsEmail(from))
        {
            Problem(EmailOptions.Section, nameof(EmailOptions.FromAddress), "is not an email address.");
        }

        if (Value(TelnyxOptions.Section, nameof(TelnyxOptions.BaseUrl)) is { Length: > 0 } baseUrl
            && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            Problem(TelnyxOptions.Section, nameof(TelnyxOptions.BaseUrl), "must be an http(s) URL such as https://api.telnyx.com.");
        }

        if (Value(TelnyxOptions.Section, nameof(TelnyxOptions.PublicKey)) is { Length: > 0 } publicKey && KeyLength(publicKey, urlSafe: false) != 32)
        {
            Problem(TelnyxOptions.Section, nameof(TelnyxOptions.PublicKey), "must be the base64 Ed25519 public key (32 bytes) from the Telnyx portal.");
        }

        if (Value(WebPushOptions.Section, nameof(WebPushOptions.PublicKey)) is { Length: > 0 } vapidPublic && KeyLength(vapidPublic, urlSafe: true) != 65)
        {
            Problem(WebPushOptions.Section, nameof(WebPushOptions.PublicKey), "must be a base64url uncompressed P-256 public key (65 bytes).");
        }

        if (Value(WebPushOptions.Section, nameof(WebPushOptions.PrivateKey)) is { Length: > 0 } vapidPrivate && KeyLength(vapidPrivate, urlSafe: true) != 32)
        {
            Problem(WebPushOptions.Section, nameof(WebPushOptions.PrivateKey), "must be a base64url P-256 private key (32 bytes).");
        }

        if (Value(WebPushOptions.Section, nameof(WebPushOptions.Subject)) is { Length: > 0 } subject
            && !subject.StartsWith("mailto:", StringComparison.Ordinal) && !subject.StartsWith("https://", StringComparison.Ordinal))
        {
            Problem(WebPushOptions.Section, nameof(WebPushOptions.Subject), "must be a mailto: address or an https URL.");
        }

        return problems;
    }

    static int KeyLength(string text, bool urlSafe)
    {
        var base64 = urlSafe ? text.Replace('-', '+').Replace('_', '/') : text;
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(base64).Length;
        }
        catch (FormatException)
        {
            return -1;
        }
    }
}
