using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Fixlify.Channels;

/// <summary>
/// Checks that a webhook came from Telnyx: <c>telnyx-signature-ed25519</c> is the base64 Ed25519 signature of
/// <c>{telnyx-timestamp}|{raw body}</c> under the account's public key, and the timestamp is recent.
/// </summary>
internal sealed class TelnyxSignature(IOptions<TelnyxOptions> options, TimeProvider clock)
{
    public const string SignatureHeader = "telnyx-signature-ed25519";
    public const string TimestampHeader = "telnyx-timestamp";

    /// <summary>How old (or how far ahead) a timestamp may be.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <returns>Null when the webhook is genuine; else what is wrong with it.</returns>
    public string? Check(string? signature, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(options.Value.PublicKey))
        {
            return $"Inbound SMS webhooks are not accepted: no Telnyx public key is configured ({TelnyxOptions.Section}__PublicKey).";
        }

        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return $"The {SignatureHeader} and {TimestampHeader} headers are required.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799))).Duration() > Tolerance)
        {
            return $"The {TimestampHeader} is not within {Tolerance.TotalMinutes:0} minutes of now.";
        }

        byte[] key, signed;
        try
        {
            key = Convert.FromBase64String(options.Value.PublicKey);
            signed = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return $"The {SignatureHeader} is not base64.";
        }

        if (key.Length != Ed25519PublicKeyParameters.KeySize || signed.Length != Ed25519PrivateKeyParameters.SignatureSize)
        {
            return $"The {SignatureHeader} does not verify.";
        }

        var verifier = new Ed25519Signer();
        verifier.Init(forSigning: false, new Ed25519PublicKeyParameters(key, 0));
        var prefix = Encoding.UTF8.GetBytes(timestamp + "|");
        verifier.BlockUpdate(prefix, 0, prefix.Length);
        verifier.BlockUpdate(body);
        return verifier.VerifySignature(signed) ? null : $"The {SignatureHeader} does not verify.";
    }
}
