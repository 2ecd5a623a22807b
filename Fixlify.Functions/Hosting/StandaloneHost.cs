using Fixlify.Api;
using Fixlify.Data;
using Fixlify.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Hosting;

/// <summary>
/// The app without a Functions host: Kestrel serves the same routes under <c>/api</c>, and hosted services
/// stand in for the timer and the Durable Functions extension.
/// </summary>
internal static class StandaloneHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        await using var app = Build(args);
        Prepare(app);
        await app.RunAsync();
        return 0;
    }

    /// <summary>Builds the host; settings come from local.settings(.sample).json, the environment and <paramref name="args"/>.</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        LocalSettings.AddAsDefaults(builder.Configuration, AppContext.BaseDirectory);
        var standalone = builder.Configuration.GetSection(StandaloneOptions.Section).Get<StandaloneOptions>() ?? new StandaloneOptions();
        var durable = builder.Configuration.GetSection(DurableOptions.Section).Get<DurableOptions>() ?? new DurableOptions();
        InvalidSettingsException.ThrowIfInvalid(builder.Configuration, needMigration: standalone.MigrateOnStart, durable.Problems());

        builder.WebHost.UseUrls(standalone.Urls);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<StandaloneOptions>(builder.Configuration.GetSection(StandaloneOptions.Section));
        builder.Services.AddFixlify(builder.Configuration);
        builder.Services.AddStandaloneDurableTask(durable);
        if (builder.Configuration.GetValue(RelayOptions.Section + ":" + nameof(RelayOptions.Enabled), true))
        {
            // Without Service Bus the relay dispatches what it wakes up for itself.
            if (!TriggersServiceCollectionExtensions.UsesServiceBus(builder.Configuration))
            {
                builder.Services.AddSingleton<IEventPublisher, DirectEventPublisher>();
            }

            builder.Services.AddHostedService<OutboxRelay>();
        }

        if (builder.Configuration.GetValue(SchedulerOptions.Section + ":Enabled", true))
        {
            builder.Services.AddHostedService<SchedulerService>();
            builder.Services.AddHostedService<RecoveryService>();
        }
        configureServices?.Invoke(builder.Services);
        var validateResponses = builder.Configuration.GetValue("Api:ValidateResponses", false);
        if (validateResponses)
        {
            builder.Services.TryAddSingleton(ApiResponseContract.Default);
        }

        var app = builder.Build();
        if (validateResponses)
        {
            app.UseMiddleware<ResponseValidationMiddleware>();
        }

        app.UseMiddleware<StandaloneApiMiddleware>();
        foreach (var route in ApiRoutes.All)
        {
            app.MapMethods(route.Path, [route.Method], route.Handle).WithName(route.Name).WithMetadata(route);
        }

        app.UseWebApp(standalone);
        return app;
    }

    /// <summary>Work before serving: apply migrations when configured to.</summary>
    public static void Prepare(WebApplication app)
    {
        var standalone = app.Services.GetRequiredService<IOptions<StandaloneOptions>>().Value;
        if (standalone.MigrateOnStart)
        {
            var postgres = app.Services.GetRequiredService<IOptions<PostgresOptions>>().Value;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fixlify.Migrations");
            DatabaseMigrator.Migrate(postgres.MigrationConnectionString, logger);
        }
    }
}
