using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Fixlify.Api;

/// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3 document, generated from the route table both hosts serve.</summary>
internal static class ApiDocument
{
    static readonly Lazy<string> Json = new(() => Render(ApiRoutes.All));

    /// <summary>The document as JSON, as <c>GET /api/openapi.json</c> serves it (and <c>openapi</c> prints it).</summary>
    public static string Text => Json.Value;

    public static Task<IResult> GetAsync() => Task.FromResult(Results.Text(Json.Value, "application/json"));

    public static OpenApiDocument Build(IEnumerable<ApiRoute> routes)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "Fixlify Automation",
                Version = "1",
                Description = "Workflows, executions, templates and metrics of Fixlify's automation system. Every route but health, "
                    + "this document and the inbound SMS webhook needs a bearer token whose org_id claim names the organization.",
            },
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = ApiSchemas.All.ToDictionary(s => s.Key, IOpenApiSchema (s) => s.Value),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT" },
                },
            },
        };

        foreach (var group in routes.GroupBy(r => r.Path))
        {
            var item = new OpenApiPathItem { Operations = [] };
            foreach (var route in group)
            {
                item.Operations[new HttpMethod(route.Method)] = Operation(document, route);
            }

            document.Paths[group.Key] = item;
        }

        return document;
    }

    static OpenApiOperation Operation(OpenApiDocument document, ApiRoute route)
    {
        var operation = new OpenApiOperation
        {
            OperationId = route.Name,
            Summary = route.Summary,
            Description = route.Anonymous ? "No token needed." : $"Who may call it: {ApiRoles.WhoMay(route.Role)} (the token's role).",
            Tags = new HashSet<OpenApiTagReference> { new(route.Tag, document) },
            Parameters = [],
            Responses = [],
        };
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(route.Template, "{([a-zA-Z]+)}").Select(m => m.Groups[1].Value))
        {
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" } });
        }

        foreach (var query in route.Query)
        {
            var schema = new OpenApiSchema { Type = query.Type switch { "integer" => JsonSchemaType.Integer, "boolean" => JsonSchemaType.Boolean, _ => JsonSchemaType.String } };
            if (query.Type is "uuid" or "date-time")
            {
                schema.Format = query.Type;
            }

            if (query.Allowed is { } allowed)
            {
                schema.Enum = [.. allowed.Select(a => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(a)!)];
            }

            operation.Parameters.Add(new OpenApiParameter { Name = query.Name, In = ParameterLocation.Query, Description = query.Description, Schema = schema });
        }

        foreach (var header in route.Headers)
        {
            operation.Parameters.Add(new OpenApiParameter { Name = header.Name, In = ParameterLocation.Header, Description = header.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }

        if (route.Body is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = ApiSchemas.Ref(body) } },
            };
        }

        var responses = route.Responses.Count > 0 ? route.Responses : new Dictionary<int, string?> { [200] = null };
        foreach (var (status, schema) in responses.Append(new(400, "Problem")).Append(new(500, "Problem")).Concat(route.Anonymous ? [] : [new(401, "Problem")]).Concat(CanRefuse(route) ? [new(403, "Problem")] : []).DistinctBy(r => r.Key))
        {
            var response = new OpenApiResponse { Description = Describe(status) };
            // An error is problem details unless the route says otherwise (health's 503 is its report).
            var media = status < 300 && route.ContentType is { } type ? type : schema == "Problem" ? "application/problem+json" : "application/json";
            if (schema is not null)
            {
                response.Content = new Dictionary<string, IOpenApiMediaType> { [media] = new OpenApiMediaType { Schema = ApiSchemas.Ref(schema) } };
            }

            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        if (!route.Anonymous)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
        }

        return operation;
    }

    /// <summary>Whether a signed-in caller's role can be too low for the route (403).</summary>
    internal static bool CanRefuse(ApiRoute route) => !route.Anonymous && route.Role > ApiRole.Viewer;

    static string Describe(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No content",
        400 => "The request is not valid: problem details list each field",
        401 => "No token, or a token that is not valid",
        403 => "The caller's role may not do this: problem details name the role needed",
        404 => "Not found in the caller's organization",
        409 => "Conflicts with the resource's state",
        412 => "The resource changed since the caller read it (If-Match)",
        413 => "The body is too large",
        422 => "The Idempotency-Key was already used for a different request",
        503 => "A dependency does not answer",
        _ => "Unexpected error",
    };

    static string Render(IEnumerable<ApiRoute> routes)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Build(routes).SerializeAsV3(new OpenApiJsonWriter(writer));
        return writer.ToString();
    }
}
