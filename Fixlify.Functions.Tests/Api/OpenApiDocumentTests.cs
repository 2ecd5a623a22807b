using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fixlify.Api;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>The OpenAPI document covers exactly the routes both hosts serve.</summary>
public sealed class OpenApiDocumentTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    [Fact]
    public async Task Document_ListsEveryRouteAndNoOther()
    {
        using var response = await app.Http.GetAsync(new Uri("api/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name, Method: operation.Name.ToUpperInvariant(), Id: operation.Value.GetProperty("operationId").GetString())))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        var served = ApiRoutes.All.Select(r => (r.Path, r.Method, Id: (string?)r.Name)).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(served, documented);
    }

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
            Assert.Equal(!route.Anonymous, operation.GetProperty("responses").TryGetProperty("401", out _));
        }
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
