using Fixlify.Api;
using Fixlify.Channels;
using Fixlify.Data;
using Microsoft.Extensions.Configuration;

namespace Fixlify.Hosting;

/// <summary>Settings the app cannot start with; the message names each one.</summary>
internal sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception("The app cannot start with these settings:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>Checks every setting the app reads at start-up and throws once, listing them all.</summary>
    public static void ThrowIfInvalid(IConfiguration configuration, bool needMigration, IEnumerable<string>? more = null)
    {
        var problems = new List<string>();
        problems.AddRange(configuration.GetSection(PostgresOptions.Section).Get<PostgresOptions>()?.Problems(needMigration)
            ?? new PostgresOptions().Problems(needMigration));
        problems.AddRange(configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Problems()
            ?? new AuthOptions().Problems());
        problems.AddRange(configuration.GetSection(WebOptions.Section).Get<WebOptions>()?.Problems() ?? []);
        problems.AddRange(ChannelSettings.Problems(configuration));
        problems.AddRange(PostgresListenerOptions.From(configuration).Problems());
        problems.AddRange(more ?? []);
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }
    }
}
