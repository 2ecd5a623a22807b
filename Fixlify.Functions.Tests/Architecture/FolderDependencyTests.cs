using System.Text.RegularExpressions;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Architecture;

/// <summary>
/// The folders of Fixlify.Functions depend on each other only in the directions of the folder map (docs/architecture.md):
/// every <c>using Fixlify.X</c> and every qualified reference to a type of another folder (<c>Fixlify.X.Type</c>, or
/// <c>X.Type</c> from inside <c>Fixlify</c>) is an arrow, and an arrow outside the map fails with its file and line.
/// </summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>Which folders each folder may use. Hosting, Functions and Program.cs may use any; every folder may use Telemetry.</summary>
    static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Workflows"] = [],
        ["Data"] = [],
        ["Telemetry"] = [],
        ["Channels"] = ["Data"],
        ["Engine"] = ["Workflows", "Data"],
        ["Actions"] = ["Engine", "Workflows", "Channels", "Data"],
        ["Triggers"] = ["Engine", "Workflows", "Data"],
        ["Application"] = ["Engine", "Workflows", "Data", "Channels"],
        ["Api"] = ["Engine", "Workflows", "Data", "Channels", "Application"],
        ["Hosting"] = ["*"],
        ["Functions"] = ["*"],
        ["Program.cs"] = ["*"],
    };

    static readonly string AppRoot = Path.Combine(TestServices.RepositoryRoot, "Fixlify.Functions");

    [Fact]
    public void AppSources_EveryReference_FollowsTheFolderMap()
    {
        var files = AppSources();
        var declared = DeclaredTypes(files.Select(f => f.Text));

        var wrong = files.SelectMany(f => Arrows(f.Folder, f.Path, f.Text, declared)).Where(a => !IsAllowed(a)).ToList();

        Assert.True(files.Count > 100, $"Only {files.Count} sources found under {AppRoot}.");
        Assert.True(wrong.Count == 0, "Arrows outside the folder map:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Arrows_ReverseImportInWorkflows_IsOutsideTheMap()
    {
        const string source = "using System.Text.Json.Nodes;\nusing Fixlify.Api;\n\nnamespace Fixlify.Workflows;\n\npublic sealed class Reader;\n";

        var wrong = Arrows("Workflows", "Workflows/Reader.cs", source, Declared).Where(a => !IsAllowed(a)).ToList();

        Assert.Equal("Workflows/Reader.cs:2: Workflows → Api", Assert.Single(wrong).ToString());
    }

    [Fact]
    public void Arrows_QualifiedReferences_AreFoundAndCommentsAndStringsAreNot()
    {
        const string source =
            "namespace Fixlify.Channels;\n" +
            "/// <summary>Throws <see cref=\"Engine.PermanentActionException\"/>.</summary>\n" +
            "sealed class Sender\n{\n" +
            "    const string Name = \"Fixlify.Actions.Client\";\n" +
            "    void Send() => throw new Fixlify.Engine.PermanentActionException();\n" +
            "    void Check(List<Api.FieldError> errors) => Channels.Select(c => c);\n" +
            "}\n";

        var arrows = Arrows("Channels", "Channels/Sender.cs", source, Declared).Select(a => a.ToString()).ToList();

        Assert.Equal(["Channels/Sender.cs:6: Channels → Engine", "Channels/Sender.cs:7: Channels → Api"], arrows);
    }

    [Fact]
    public void IsAllowed_UnknownFolder_IsOutsideTheMap()
    {
        Assert.False(IsAllowed(new Arrow("Shared/Clock.cs", 1, "Shared", "Data")));
        Assert.True(IsAllowed(new Arrow("Hosting/Host.cs", 1, "Hosting", "Actions")));
        Assert.True(IsAllowed(new Arrow("Actions/Handler.cs", 1, "Actions", "Actions")));
    }

    static readonly Dictionary<string, HashSet<string>> Declared = new(StringComparer.Ordinal)
    {
        ["Engine"] = ["PermanentActionException"],
        ["Api"] = ["FieldError"],
        ["Channels"] = ["Sender"],
    };

    /// <summary>One folder using another: where, and from which folder to which.</summary>
    sealed record Arrow(string Path, int Line, string From, string To)
    {
        public override string ToString() => $"{Path}:{Line}: {From} → {To}";
    }

    sealed record Source(string Path, string Folder, string Text);

    static bool IsAllowed(Arrow arrow) =>
        arrow.From == arrow.To
        || (arrow.To == "Telemetry" && Allowed.ContainsKey(arrow.From))
        || (Allowed.TryGetValue(arrow.From, out var to) && (to.Contains("*") || to.Contains(arrow.To)));

    static List<Source> AppSources() =>
        [.. Directory.EnumerateFiles(AppRoot, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(AppRoot, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("bin/", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal))
            .Select(p => new Source(p, p.Contains('/', StringComparison.Ordinal) ? p[..p.IndexOf('/', StringComparison.Ordinal)] : p, File.ReadAllText(Path.Combine(AppRoot, p))))];

    /// <summary>The top-level types each folder's namespace declares (<c>Fixlify.Engine</c> → Engine).</summary>
    static Dictionary<string, HashSet<string>> DeclaredTypes(IEnumerable<string> sources)
    {
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var text in sources)
        {
            if (NamespaceLine().Match(text) is { Success: true } ns)
            {
                var names = declared.TryGetValue(ns.Groups[1].Value, out var set) ? set : declared[ns.Groups[1].Value] = new(StringComparer.Ordinal);
                names.UnionWith(TypeDeclaration().Matches(text).Select(m => m.Groups[1].Value));
            }
        }

        return declared;
    }

    /// <summary>The arrows a source draws: its <c>using Fixlify.X</c> lines and its qualified references, outside comments and strings.</summary>
    static IEnumerable<Arrow> Arrows(string folder, string path, string text, Dictionary<string, HashSet<string>> declared)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var code = LineComment().Replace(StringLiteral().Replace(lines[i], "\"\""), "");
            if (UsingLine().Match(code) is { Success: true } import)
            {
                yield return new Arrow(path, i + 1, folder, import.Groups[1].Value);
                continue;
            }

            if (code.TrimStart().StartsWith("namespace ", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match reference in QualifiedReference().Matches(code))
            {
                var area = reference.Groups["area"].Value;
                var fullyQualified = reference.Groups["root"].Success;
                if (fullyQualified || (declared.TryGetValue(area, out var types) && types.Contains(reference.Groups["type"].Value)))
                {
                    yield return new Arrow(path, i + 1, folder, area);
                }
            }
        }
    }

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?Fixlify\.(\w+)")]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"^namespace\s+Fixlify\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly|file)\s+)*(?:class|record|interface|enum|struct|record\s+struct)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?(?<root>Fixlify\.)?(?<area>[A-Z]\w*)\.(?<type>[A-Z]\w*)")]
    private static partial Regex QualifiedReference();

    [GeneratedRegex(@"//.*$")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@?\$*""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();
}
