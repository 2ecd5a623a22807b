using Fixlify.Triggers;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fixlify.Hosting;

/// <summary>The Azure Functions isolated worker, started by the Functions host (<c>func start</c> or Azure).</summary>
internal static class FunctionsHost
{
    /// <summary>The Functions host starts its worker with these arguments and this variable; a person does not.</summary>
    public static bool IsLaunchedByFunctionsHost(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FUNCTIONS_WORKER_RUNTIME"))
        || args.Any(a => a is "--functions-uri" or "--host" or "--workerId" or "--functions-worker-id");

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<FunctionsApiMiddleware>();
        InvalidSettingsException.ThrowIfInvalid(builder.Configuration, needMigration: false);
        builder.Services.AddFixlify(builder.Configuration);
        if (TelemetryServices.IsEnabled(builder.Configuration))
        {
            // The invocation's trace continues the Functions host's (the Durable extension's orchestration spans included).
            builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        }

        // The relay runs here only with Service Bus (and on a plan that keeps the app running); without it the
        // scheduler tick takes events from the outbox every minute.
        if (TriggersServiceCollectionExtensions.UsesServiceBus(builder.Configuration)
            && builder.Configuration.GetValue(RelayOptions.Section + ":" + nameof(RelayOptions.Enabled), true))
        {
            builder.Services.AddHostedService<OutboxRelay>();
        }
        await builder.Build().RunAsync();
        return 0;
    }
}
