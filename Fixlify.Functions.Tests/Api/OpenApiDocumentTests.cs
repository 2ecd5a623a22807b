using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fixlify.Api;
using Fixlify.Tests.Fixtures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Api;

/// <summary>The OpenAPI document covers exactly the routes both hosts serve.</summary>
public sealed partial class OpenApiDocumentTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    /// <summary>
    /// The document is rendered from the route table, so it is checked against what the hosts really serve: the
    /// HTTP-trigger functions the Worker SDK wrote into functions.metadata (the Functions host's routes, declared by
    /// the functions' own attributes) and the endpoints the running standalone host routes to.
    /// </summary>
    [Fact]
    public async Task Document_ListsEveryRouteBothHostsServe_AndNoOther()
    {
        using var response = await app.Http.GetAsync(new Uri("api/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var documented = Sorted(document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (
                Name: operation.Value.GetProperty("operationId").GetString()!,
                Method: operation.Name.ToUpperInvariant(),
                Path: path.Name))));

        var functionsHost = Sorted(FunctionsMetadata.HttpRoutes());
        Assert.NotEmpty(functionsHost);
        Assert.Equal(functionsHost, documented);

        // Every endpoint under /api is a route of the table (unknown ones are answered by the API middleware, not an
        // endpoint); what the host serves outside /api is not the API.
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.OrdinalIgnoreCase));
        var standalone = Sorted(endpoints.Select(e => (
            Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName ?? "",
            Method: Assert.Single(Assert.IsType<HttpMethodMetadata>(e.Metadata.GetMetadata<HttpMethodMetadata>()).HttpMethods),
            Path: e.RoutePattern.RawText!)));
        Assert.Equal(standalone, documented);
    }

    /// <summary>Sorted, each path with a leading slash and its parameters without constraints (<c>{id:guid}</c> is <c>{id}</c>).</summary>
    static List<(string Name, string Method, string Path)> Sorted(IEnumerable<(string Name, string Method, string Path)> routes) =>
        [
            .. routes
                .Select(r => (r.Name, r.Method, Path: "/" + Parameter().Replace(r.Path, "{$1}").TrimStart('/')))
                .OrderBy(r => r.Path, StringComparer.Ordinal)
                .ThenBy(r => r.Method, StringComparer.Ordinal),
        ];

    [GeneratedRegex(@"\{\**([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Document_EveryReferencedSchemaExists_AndProtectedRoutesNeedTheBearerToken()
    {
        var json = await app.Http.GetStringAsync(new Uri("api/openapi.json", UriKind.Relative));
        var document = JsonDocument.Parse(json).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToHashSet();

        foreach (var reference in System.Text.RegularExpressions.Regex.Matches(json, "\"#/components/schemas/([A-Za-z]+)\"").Select(m => m.Groups[1].Value))
        {
            Assert.Contains(reference, schemas);
        }

        foreach (var route in ApiRoutes.All)
        {
            var operation = document.GetProperty("paths").GetProperty(route.Path).GetProperty(route.Method.ToLowerInvariant());
            Assert.Equal(!route.Anonymous, operation.TryGetProperty("security", out _));
            // An anonymous route documents 401 only when it refuses callers of its own (the signed SMS webhook's signature).
            Assert.Equal(!route.Anonymous || route.Responses.ContainsKey(401), operation.GetProperty("responses").TryGetProperty("401", out _));
        }
    }

    /// <summary>The web app's API types are generated from a committed copy of the document: a change to the API must reach it.</summary>
    [Fact]
    public async Task CommittedCopy_ForTheWebApp_IsTheDocumentTheHostsServe()
    {
        var committed = Path.Combine(TestServices.RepositoryRoot, "Fixlify.Web", "src", "api", "openapi.json");
        var served = await app.Http.GetStringAsync(new Uri("api/openapi.json", UriKind.Relative));

        Assert.True(File.Exists(committed), $"{committed} is missing: run `make openapi`.");
        Assert.True(
            (await File.ReadAllTextAsync(committed)).TrimEnd() == served.TrimEnd(),
            "Fixlify.Web/src/api/openapi.json differs from the API's document: run `make openapi` (it writes the file from "
            + "`dotnet Fixlify.Functions.dll openapi`) and commit it; the web app's types are generated from it.");
    }

    [Fact]
    public async Task UnknownQueryParameter_Is400NamingWhatIsAllowed()
    {
        using var response = await app.Http.GetAsync(new Uri("api/health?verbose=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("verbose", problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }
}
