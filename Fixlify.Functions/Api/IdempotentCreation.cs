using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Application;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// The <c>Idempotency-Key</c> header of a request that creates a workflow (POST /api/workflows, template instantiate):
/// read here, claimed by the use case (<see cref="CreationKey"/>). A repeat with the same key and the same request gets
/// the first one's answer (the workflow it created) instead of a second workflow; the same key with another request is
/// refused with 422.
/// </summary>
internal static class IdempotentCreation
{
    const int MaxLength = 255;

    public static readonly ApiParameter Header = new("Idempotency-Key", "string",
        "A new value per intended creation (a UUID, say): a repeat of the request with the same key answers with the workflow the first one created (kept 24 hours).");

    /// <summary>The request's key (null when it has none), hashed with <paramref name="operation"/> and <paramref name="body"/>; a problem when the key cannot be used.</summary>
    public static (CreationKey? Key, IResult? Problem) Read(HttpRequest request, string operation, JsonObject body)
    {
        var values = request.Headers["Idempotency-Key"];
        if (values.Count == 0)
        {
            return (null, null);
        }

        var key = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength || key.Any(c => c is < '!' or > '~'))
        {
            return (null, Problems.BadRequest(
                $"The Idempotency-Key must be one value of 1 to {MaxLength} visible characters without spaces (a new UUID for each click, for example).",
                "Idempotency-Key"));
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{body.ToJsonString()}"));
        return (new CreationKey(key, hash), null);
    }
}
