using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Fixlify.Hosting;

/// <summary>
/// Reads the <c>Values</c> of local.settings.sample.json (safe local defaults) and then local.settings.json (the
/// developer's own), as Core Tools would, so the standalone host and the commands see the same settings as
/// <c>func start</c>. <c>Section__Key</c> names become <c>Section:Key</c>.
/// </summary>
internal static class LocalSettings
{
    public const string SampleFile = "local.settings.sample.json";
    public const string File = "local.settings.json";

    /// <summary>Adds the files as the lowest-priority sources, under environment variables and the command line.</summary>
    public static void AddAsDefaults(IConfigurationBuilder builder, string directory)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { SampleFile, File })
        {
            var path = Path.Combine(directory, name);
            if (!System.IO.File.Exists(path))
            {
                continue;
            }

            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.TryGetProperty("Values", out var section))
            {
                foreach (var property in section.EnumerateObject())
                {
                    values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ToString();
                }
            }
        }

        builder.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values });
    }

    /// <summary>Configuration for the one-shot commands: the files, then environment variables, then arguments.</summary>
    public static IConfiguration ForCommand(string[] args)
    {
        var builder = new ConfigurationBuilder();
        builder.AddEnvironmentVariables();
        builder.AddCommandLine(args);
        AddAsDefaults(builder, AppContext.BaseDirectory);
        return builder.Build();
    }
}
