using Fixlify.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fixlify.Tests.Fixtures;

/// <summary>The app's own service registration (as both hosts use it) over a test database, without a host around it.</summary>
public static class TriggerServices
{
    public static ServiceProvider Build(PostgresDatabase database, Action<IServiceCollection>? configure = null, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Postgres:ConnectionString"] = database.AppConnectionString,
            ["Postgres:ServiceConnectionString"] = database.ServiceConnectionString,
            ["Postgres:MigrationConnectionString"] = database.OwnerConnectionString,
            ["Auth:Issuer"] = StandaloneApp.Issuer,
            ["Auth:Audience"] = StandaloneApp.Audience,
            ["Auth:SigningKey"] = StandaloneApp.SigningKey,
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddFixlify(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
