using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Data;

internal static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PostgresOptions>(configuration.GetSection(PostgresOptions.Section));
        services.AddSingleton<TenantDatabase>();
        services.AddSingleton<ServiceDatabase>();
        services.AddSingleton<ExecutionUpdateNotifier>();
        services.AddSingleton<OfficeAlertSignal>();
        services.AddHostedService(sp => sp.GetRequiredService<ExecutionUpdateNotifier>());
        services.AddOptions<PostgresListenerOptions>().Configure(o => o.MaxBackoff = PostgresListenerOptions.From(configuration).MaxBackoff);
        services.AddSingleton<PostgresListener>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
