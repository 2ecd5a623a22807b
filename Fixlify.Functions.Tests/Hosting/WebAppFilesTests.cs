using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Hosting;

/// <summary>The standalone host serves the built web app at / beside the API.</summary>
public sealed class WebAppFilesTests(WebAppFilesTests.WebApp app) : IClassFixture<WebAppFilesTests.WebApp>
{
    /// <summary>The host with a small built app (an index.html and a hashed asset) in a web root of its own.</summary>
    public sealed class WebApp : StandaloneApp
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("fixlify-web-").FullName;

        protected override IEnumerable<string> Arguments() => [.. base.Arguments(), $"--Standalone:WebRoot={Root}"];

        public override async Task InitializeAsync()
        {
            Directory.CreateDirectory(Path.Combine(Root, "assets"));
            await File.WriteAllTextAsync(Path.Combine(Root, "index.html"), "<!doctype html><title>Fixlify</title><script type=module src=/assets/index-Ab12Cd34.js></script>");
            await File.WriteAllTextAsync(Path.Combine(Root, "assets", "index-Ab12Cd34.js"), "console.log('app')");
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(Root, recursive: true);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/executions/0b9c6f5e-8d1a-4c1e-9a55-7d8f0e3b2a11")]
    [InlineData("/metrics")]
    public async Task ClientRoute_IsIndexHtml_NotCached(string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Fixlify</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache, $"{path}: Cache-Control {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task HashedAsset_IsCachedForAYear_Immutable()
    {
        using var response = await app.Http.GetAsync(new Uri("/assets/index-Ab12Cd34.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("console.log('app')", await response.Content.ReadAsStringAsync());
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.GetValues("Cache-Control").Single());
    }

    [Theory]
    [InlineData("/assets/index-Missing1.js")]
    [InlineData("/favicon.ico")]
    public async Task MissingFile_Is404_NotTheApp(string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The web app's fallback never answers for /api: an unknown API path is a problem (401 without a token, so no one can probe the routes; 404 with one), not index.html.</summary>
    [Fact]
    public async Task Api_IsUntouched_AndAnUnknownApiPathIsStillAProblem()
    {
        using var health = await app.Http.GetAsync(new Uri("/api/health", UriKind.Relative));
        using var anonymous = await app.Http.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));
        using var signedIn = app.ClientFor(Guid.NewGuid());
        using var unknown = await signedIn.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A host whose web app was never built serves the API alone.</summary>
    [Fact]
    public async Task NoBuiltApp_ServesTheApiOnly()
    {
        var bare = new BareApp();
        await bare.InitializeAsync();
        try
        {
            using var health = await bare.Http.GetAsync(new Uri("/api/health", UriKind.Relative));
            using var root = await bare.Http.GetAsync(new Uri("/", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        }
        finally
        {
            await bare.DisposeAsync();
        }
    }

    sealed class BareApp : StandaloneApp
    {
        protected override IEnumerable<string> Arguments() => [.. base.Arguments(), $"--Standalone:WebRoot={Path.Combine(Path.GetTempPath(), "fixlify-no-web-app")}"];
    }
}
