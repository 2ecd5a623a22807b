using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// The <c>Idempotency-Key</c> header of a request that creates a workflow (POST /api/workflows, template instantiate):
/// a repeat with the same key and the same request gets the first one's answer (the workflow it created) instead of a
/// second workflow; the same key with another request is refused with 422. Keys are the organization's own and kept
/// for <see cref="IdempotencyKeys.Lifetime"/>.
/// </summary>
public sealed record IdempotentCreation(string Key, byte[] RequestHash)
{
    const int MaxLength = 255;

    public static readonly ApiParameter Header = new("Idempotency-Key", "string",
        "A new value per intended creation (a UUID, say): a repeat of the request with the same key answers with the workflow the first one created (kept 24 hours).");

    /// <summary>The request's key (null when it has none), hashed with <paramref name="operation"/> and <paramref name="body"/>; a problem when the key cannot be used.</summary>
    public static (IdempotentCreation? Creation, IResult? Problem) Read(HttpRequest request, string operation, JsonObject body)
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
        return (new IdempotentCreation(key, hash), null);
    }

    /// <summary>
    /// Claims the key in <paramref name="transaction"/>: null when this request is the first (create, then
    /// <see cref="RecordAsync"/>); otherwise the answer to give instead.
    /// </summary>
    public async Task<IResult?> ClaimAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken)
    {
        switch (await IdempotencyKeys.ClaimAsync(transaction, organizationId, Key, RequestHash, cancellationToken))
        {
            case IdempotencyKeys.Claimed:
                return null;
            case IdempotencyKeys.Repeat repeat when await WorkflowRepository.GetAsync(transaction, repeat.WorkflowId, cancellationToken) is { } workflow:
                return Results.Created($"/api/workflows/{workflow.Id}", WorkflowJson.From(workflow));
            case IdempotencyKeys.Repeat:
                return Problems.Conflict("The automation this request already made was deleted since. To make it again, send the request as a new one (with a new Idempotency-Key).");
            default:
                return Problems.Problem(
                    StatusCodes.Status422UnprocessableEntity,
                    "This Idempotency-Key was used for another request",
                    "The Idempotency-Key was already sent with different details in the last 24 hours, so this request was not carried out. Send a new key for a new request.",
                    "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/",
                    new Dictionary<string, object?> { ["errors"] = new[] { new FieldError("Idempotency-Key", "Already used for a request with different details: use a new key.") } });
        }
    }

    /// <summary>Notes the workflow this request created, in the transaction that created it.</summary>
    public Task RecordAsync(DatabaseTransaction transaction, Guid organizationId, Guid workflowId, CancellationToken cancellationToken) =>
        IdempotencyKeys.RecordAsync(transaction, organizationId, Key, workflowId, cancellationToken);
}
