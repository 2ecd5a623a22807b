using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>Reads a request's JSON body; malformed JSON is a 400 naming the line and position.</summary>
internal static class JsonBody
{
    public const long MaxBytes = 1024 * 1024;

    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, bool required, CancellationToken cancellationToken)
    {
        if (await ReadBytesAsync(request, MaxBytes, cancellationToken) is not { } bytes)
        {
            return (null, Problems.PayloadTooLarge(MaxBytes));
        }

        if (bytes.Length == 0)
        {
            return required ? (null, Problems.BadRequest("A JSON object body is required.", "$")) : ([], null);
        }

        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 64 });
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

    /// <summary>The raw body, read up to <paramref name="maxBytes"/>; null when it is longer (or says it is).</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
