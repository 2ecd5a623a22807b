using System.Security.Cryptography;
using System.Text;

namespace Fixlify.Channels;

/// <summary>
/// Signing per the Standard Webhooks spec: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c>,
/// keyed with the bytes of the secret's base64 part (<c>whsec_&lt;base64&gt;</c>).
/// </summary>
internal static class StandardWebhooks
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>Namespace of message ids (UUID v5 of "executionId/stepKey").</summary>
    static readonly Guid MessageNamespace = Guid.Parse("3b5c0d7e-8a41-4f6b-b2d9-7c1e9a06f4d2");

    /// <summary>The message id of a step's delivery: the same on every attempt, so receivers can drop repeats.</summary>
    public static string MessageId(Guid executionId, string stepKey) =>
        "msg_" + UUIDNext.Uuid.NewNameBased(MessageNamespace, $"{executionId}/{stepKey}").ToString("N");

    /// <summary>The key bytes of a <c>whsec_…</c> secret; null when it is not one.</summary>
    public static byte[]? DecodeSecret(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return null;
        }

        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var key = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, key, out var length) && length > 0 ? key[..length] : null;
    }

    /// <summary>The <c>webhook-signature</c> header value for one message.</summary>
    public static string Sign(byte[] key, string messageId, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
