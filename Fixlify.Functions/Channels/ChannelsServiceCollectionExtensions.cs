using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fixlify.Channels;

internal static class ChannelsServiceCollectionExtensions
{
    /// <summary>The outside services messages go through: SMTP, Telnyx and Web Push, with their settings.</summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<TelnyxOptions>(configuration.GetSection(TelnyxOptions.Section));
        services.Configure<WebPushOptions>(configuration.GetSection(WebPushOptions.Section));

        // No retry handlers: the engine retries a failed step as a whole, with the step's own policy.
        services.AddHttpClient(TelnyxClient.HttpClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<TelnyxOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) });
        services.AddHttpClient(WebPushSender.HttpClientName)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<WebPushOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) });

        services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
        services.TryAddSingleton<TelnyxClient>();
        services.TryAddSingleton<TelnyxSignature>();
        services.TryAddSingleton<WebPushSender>();
        return services;
    }
}
