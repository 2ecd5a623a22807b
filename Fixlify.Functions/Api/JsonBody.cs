using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>Reads a request's JSON body; malformed JSON is a 400 naming the line and position.</summary>
public static class JsonBody
{
    public const long MaxBytes = 1024 * 1024;

    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, bool required, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is over {MaxBytes / 1024} KiB.", "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.14"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is over {MaxBytes / 1024} KiB.", "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.14"));
            }
        }

        if (buffer.Length == 0)
        {
            return required ? (null, Problems.BadRequest("A JSON object body is required.", "$")) : ([], null);
        }

        try
        {
            var node = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 64 });
            return node is JsonObject body ? (body, null) : (null, Problems.BadRequest("The body must be a JSON object.", "$"));
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            return (null, Problems.BadRequest($"The body is not valid JSON{where}.", "$"));
        }
    }

    /// <summary>Parses a route id; null when it is not a UUID.</summary>
    public static Guid? Id(string value) => Guid.TryParse(value, out var id) ? id : null;
}
