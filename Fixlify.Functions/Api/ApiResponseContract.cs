using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fixlify.Workflows;
using Json.Schema;
using Microsoft.OpenApi;

namespace Fixlify.Api;

/// <summary>
/// The response half of the OpenAPI document (<see cref="ApiDocument"/>) as a check: whether a status code and a JSON body
/// are what the operation documents. The document is rendered as OpenAPI 3.1, whose schemas are JSON Schema 2020-12, and
/// each body is evaluated by JsonSchema.Net against its operation's response schema (formats such as uuid and date-time
/// included). Used by the standalone host when <c>Api:ValidateResponses</c> is on (the test fixtures): see ADR 0016.
/// </summary>
internal sealed partial class ApiResponseContract
{
    const string Base = "https://fixlify.local/api/schemas/";

    readonly JsonObject _definitions;
    readonly Dictionary<string, ApiRoute> _operations;
    readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    readonly Lock _lock = new();

    public ApiResponseContract(IEnumerable<ApiRoute> routes)
    {
        _operations = routes.ToDictionary(r => r.Name, StringComparer.Ordinal);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        ApiDocument.Build(routes).SerializeAsV31(new OpenApiJsonWriter(writer));
        var components = JsonNode.Parse(writer.ToString())!["components"]!["schemas"]!.ToJsonString();
        _definitions = JsonNode.Parse(ComponentReference().Replace(components, "\"#/$defs/$1\""))!.AsObject();
    }

    /// <summary>The contract of the routes both hosts serve.</summary>
    public static ApiResponseContract Default { get; } = new(ApiRoutes.All);

    /// <summary>
    /// What is wrong with a response of the operation <paramref name="operationId"/> (null: a request no route matched,
    /// answered 401 or 404), each mismatch with its JSON path (<c>$.items[0].name</c>); empty when it is what the document says.
    /// </summary>
    /// <param name="body">The body, or null when there is none.</param>
    public IReadOnlyList<FieldError> Check(string? operationId, int status, string? body)
    {
        ApiRoute? route = null;
        if (operationId is not null && !_operations.TryGetValue(operationId, out route))
        {
            return [new FieldError("$", $"the document has no operation {operationId}")];
        }

        if (route?.ContentType is not null)
        {
            return []; // the live stream: server-sent events, not one JSON body
        }

        var documented = Statuses(route);
        if (!documented.TryGetValue(status, out var schemaName))
        {
            return [new FieldError("$", $"status {status} is not documented (documented: {string.Join(", ", documented.Keys.Order())})")];
        }

        var empty = string.IsNullOrWhiteSpace(body);
        if (schemaName is null)
        {
            return empty || route is { Responses.Count: 0 } ? [] : [new FieldError("$", $"status {status} documents no body, but one was sent")];
        }

        if (empty)
        {
            return [new FieldError("$", $"status {status} documents a {schemaName} body, but none was sent")];
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body!);
        }
        catch (System.Text.Json.JsonException e)
        {
            return [new FieldError("$", $"the body is not JSON: {e.Message}")];
        }

        var schema = Schema(schemaName);
        EvaluationResults results;
        lock (schema)
        {
            // One evaluation of a schema at a time, each with its own options (and so its own registry): responses of
            // parallel requests are checked concurrently.
            results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        }

        return results.IsValid
            ? []
            : [
                .. (results.Details.Count > 0 ? results.Details : [results])
                    .Where(d => d.HasErrors)
                    .SelectMany(d => d.Errors!.Select(e => new FieldError(JsonPath(d.InstanceLocation), $"{e.Value} ({schemaName} at {d.EvaluationPath})")))
                    .Distinct(),
            ];
    }

    /// <summary>The body schema of one component (by its name in <see cref="ApiSchemas"/>), with every other one beside it.</summary>
    JsonSchema Schema(string name)
    {
        lock (_lock)
        {
            if (!_schemas.TryGetValue(name, out var schema))
            {
                var root = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$id"] = Base + name,
                    ["$ref"] = "#/$defs/" + name,
                    ["$defs"] = _definitions.DeepClone(),
                };
                schema = JsonSchema.FromText(root.ToJsonString());
                _schemas[name] = schema;
            }

            return schema;
        }
    }

    /// <summary>Status → body schema name (null: no body), as <see cref="ApiDocument"/> documents the operation.</summary>
    static Dictionary<int, string?> Statuses(ApiRoute? route)
    {
        if (route is null)
        {
            return new() { [401] = "Problem", [404] = "Problem" };
        }

        var statuses = route.Responses.Count > 0 ? route.Responses.ToDictionary() : new Dictionary<int, string?> { [200] = null };
        foreach (var problem in route.Anonymous ? [400, 500] : new[] { 400, 401, 500 })
        {
            statuses.TryAdd(problem, "Problem");
        }

        if (ApiDocument.CanRefuse(route))
        {
            statuses.TryAdd(403, "Problem");
        }

        return statuses;
    }

    /// <summary>A JSON Pointer (<c>/items/0/name</c>) as the JSON path a person reads (<c>$.items[0].name</c>).</summary>
    static string JsonPath(Json.Pointer.JsonPointer pointer) =>
        "$" + string.Concat(pointer.Select(s => int.TryParse(s, out var index) ? $"[{index}]" : $".{s}"));

    [GeneratedRegex("\"#/components/schemas/([A-Za-z0-9]+)\"")]
    private static partial Regex ComponentReference();
}
