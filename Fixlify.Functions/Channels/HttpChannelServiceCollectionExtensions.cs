using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fixlify.Channels;

internal static class HttpChannelServiceCollectionExtensions
{
    /// <summary>The SSRF-guarded HTTP client of webhooks and API calls (<see cref="GuardedHttpClient"/>), set by the <c>Http</c> section.</summary>
    public static IServiceCollection AddGuardedHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpGuardOptions>().Bind(configuration.GetSection(HttpGuardOptions.Section)).ValidateOnStart();
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.TryAddSingleton<OutboundAddressGuard>();
        services.TryAddSingleton<GuardedHttpClient>();
        services.AddHttpClient(GuardedHttpClient.ClientName, client =>
            {
                // Each call sets its own deadline through its cancellation token.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Fixlify-Automation/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<OutboundAddressGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                Credentials = null,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            // The factory's own request logging writes full URLs, whose queries may hold keys; the guard logs hosts only.
            .RemoveAllLoggers();
        return services;
    }
}
