using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Infra;

/// <summary>
/// The ARM template compiled from infra/main.bicep: the file in FIXLIFY_ARM_TEMPLATE (`make test` compiles it first),
/// or else compiled here with scripts/bicep.sh. Its resources are listed with those of its modules, which Bicep
/// compiles to nested deployments with templates of their own.
/// </summary>
internal sealed partial class ArmTemplate
{
    static readonly Lazy<ArmTemplate> Compiled = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    ArmTemplate(string path, JsonElement root)
    {
        Path = path;
        Root = root;
        var resources = new List<ArmResource>();
        Collect(new ArmScope(root, null, null), resources);
        Resources = resources;
    }

    public static ArmTemplate Main => Compiled.Value;

    public string Path { get; }

    public JsonElement Root { get; }

    /// <summary>Every resource of the template and of its modules, the module deployments included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmResource> OfType(string type) =>
        [.. Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The top-level template's declared parameters.</summary>
    public JsonElement Parameters => Root.GetProperty("parameters");

    /// <summary>The compiled parameters file of an environment (infra/&lt;env&gt;.bicepparam), beside the template.</summary>
    public JsonElement ParametersFile(string environment)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $"{environment}.parameters.json");
        Assert.True(File.Exists(path), $"{path} is missing: scripts/bicep.sh compiles infra/{environment}.bicepparam to it");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    static void Collect(ArmScope scope, List<ArmResource> into)
    {
        var resources = scope.Root.GetProperty("resources");
        // Templates with symbolic names (languageVersion 2.0) keep resources in an object, others in an array.
        var list = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();
        foreach (var element in list)
        {
            var resource = new ArmResource(element, scope);
            into.Add(resource);
            if (resource.Type == "Microsoft.Resources/deployments"
                && element.GetProperty("properties").TryGetProperty("template", out var inner))
            {
                element.GetProperty("properties").TryGetProperty("parameters", out var passed);
                Collect(new ArmScope(inner, passed.ValueKind == JsonValueKind.Object ? passed : null, scope), into);
            }
        }
    }

    static ArmTemplate Load()
    {
        var path = Environment.GetEnvironmentVariable("FIXLIFY_ARM_TEMPLATE");
        if (string.IsNullOrEmpty(path))
        {
            path = Compile();
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new ArmTemplate(path, document.RootElement.Clone());
    }

    /// <summary>Runs scripts/bicep.sh (it restores the Bicep CLI on first use) and returns the path it prints.</summary>
    static string Compile()
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestServices.RepositoryRoot,
        };
        start.ArgumentList.Add(System.IO.Path.Combine(TestServices.RepositoryRoot, "scripts", "bicep.sh"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/bicep.sh failed: {error.Result}");
        }

        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    /// <summary><c>[parameters('x').a.b]</c> or <c>[variables('x')]</c>: the only expressions resolved.</summary>
    [GeneratedRegex(@"^\[(parameters|variables)\('([^']+)'\)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\]$")]
    internal static partial Regex Reference();

    /// <summary><c>variables('x')</c> inside a larger expression, not followed by a property access.</summary>
    [GeneratedRegex(@"variables\('([^']+)'\)(?![.\[])")]
    internal static partial Regex VariableCall();
}

/// <summary>One template's evaluation scope: a module's template, the values its parent passed, and the parent.</summary>
internal sealed record ArmScope(JsonElement Root, JsonElement? Passed, ArmScope? Parent)
{
    /// <summary>
    /// Resolves a value that is only a reference to a parameter or variable (with property accesses), following
    /// module parameters up to the value passed in or the parameter's default. Anything else comes back as it is.
    /// </summary>
    public JsonElement Resolve(JsonElement value)
    {
        for (var depth = 0; depth < 20; depth++)
        {
            if (value.ValueKind != JsonValueKind.String || ArmTemplate.Reference().Match(value.GetString()!) is not { Success: true } match)
            {
                return value;
            }

            var (found, scope) = Lookup(match.Groups[1].Value, match.Groups[2].Value);
            if (found is not { } element)
            {
                return value;
            }

            foreach (var property in match.Groups[3].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                element = scope.Resolve(element);
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out element))
                {
                    return value;
                }
            }

            if (scope == this)
            {
                value = element;
                continue;
            }

            return scope.Resolve(element);
        }

        return value;
    }

    /// <summary>Writes the string value of each <c>variables('x')</c> call into an expression, as a quoted literal.</summary>
    public string InlineVariables(string expression) =>
        ArmTemplate.VariableCall().Replace(expression, m =>
            Root.TryGetProperty("variables", out var variables)
            && variables.TryGetProperty(m.Groups[1].Value, out var variable)
            && variable.ValueKind == JsonValueKind.String
                ? $"'{variable.GetString()}'"
                : m.Value);

    (JsonElement? Value, ArmScope Scope) Lookup(string kind, string name)
    {
        if (kind == "variables")
        {
            return Root.TryGetProperty("variables", out var variables) && variables.TryGetProperty(name, out var variable)
                ? (variable, this)
                : (null, this);
        }

        if (Passed is { } passed && Parent is not null && passed.TryGetProperty(name, out var given))
        {
            return given.TryGetProperty("value", out var value) ? (value, Parent) : (null, this);
        }

        return Root.TryGetProperty("parameters", out var parameters)
            && parameters.TryGetProperty(name, out var declared)
            && declared.TryGetProperty("defaultValue", out var defaultValue)
                ? (defaultValue, this)
                : (null, this);
    }
}

/// <summary>A resource of the template or of one of its modules, with the scope its expressions are read in.</summary>
internal sealed record ArmResource(JsonElement Element, ArmScope Scope)
{
    public string Type => Element.GetProperty("type").GetString()!;

    public string Name => Element.GetProperty("name").GetString()!;

    public JsonElement Properties => Element.GetProperty("properties");

    /// <summary>The value at a path of property names, resolved; a failed assertion when it is missing.</summary>
    public JsonElement Get(params string[] path)
    {
        var element = Element;
        foreach (var property in path)
        {
            element = Scope.Resolve(element);
            Assert.True(
                element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out element),
                $"{Type} {Name} has no {string.Join('.', path)}");
        }

        return Scope.Resolve(element);
    }

    public string GetString(params string[] path) => Get(path).ToString();

    /// <summary>The declaration of a parameter of the template this resource is in.</summary>
    public JsonElement Parameter(string name) => Scope.Root.GetProperty("parameters").GetProperty(name);
}
