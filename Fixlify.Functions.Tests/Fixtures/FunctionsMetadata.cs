using System.Reflection;
using System.Text.Json;

namespace Fixlify.Tests.Fixtures;

/// <summary>The functions.metadata the Worker SDK wrote into the build: the functions Azure loads, with their bindings.</summary>
public static class FunctionsMetadata
{
    /// <summary>Every function of the build, by name.</summary>
    public static Dictionary<string, JsonElement> Load()
    {
        var configuration = typeof(FunctionsMetadata).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var path = Path.Combine(TestServices.RepositoryRoot, "Fixlify.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build Fixlify.Functions first");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }

    /// <summary>
    /// The routes the Functions host serves: one per HTTP-trigger function and method, the path under the route
    /// prefix of host.json (<c>api</c> unless it says otherwise).
    /// </summary>
    public static IReadOnlyList<(string Name, string Method, string Path)> HttpRoutes()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestServices.RepositoryRoot, "host.json")));
        var prefix = host.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var routePrefix)
                ? routePrefix.GetString()!
                : "api";

        return
        [
            .. from function in Load()
               from binding in function.Value.GetProperty("bindings").EnumerateArray()
               where binding.GetProperty("type").GetString() == "httpTrigger"
               from method in binding.GetProperty("methods").EnumerateArray()
               select (function.Key, method.GetString()!.ToUpperInvariant(), "/" + string.Join('/', new[] { prefix, binding.GetProperty("route").GetString()! }.Where(p => p.Length > 0))),
        ];
    }
}
