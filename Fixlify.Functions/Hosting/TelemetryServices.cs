using Azure.Monitor.OpenTelemetry.Exporter;
using Fixlify.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fixlify.Hosting;

/// <summary>
/// Traces and metrics through OpenTelemetry, registered once for both hosts: the app's source and meter, the Durable
/// Task SDK's spans (orchestrations and activities), outgoing HTTP (Telnyx, push, webhooks, API calls), Npgsql and the
/// API's requests, with <see cref="PersonalDataRedactor"/> last. Exported to Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is, to the
/// console with <c>Telemetry__Console</c>; with none of them nothing is collected.
/// </summary>
internal static class TelemetryServices
{
    /// <summary>The Durable Task SDK's trace source (durabletask-dotnet's TraceHelper).</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    public const string ServiceName = "fixlify-automation";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(AutomationTelemetry.Name, DurableTaskSource)
            .AddHttpClientInstrumentation(o => o.RecordException = false)
            .AddAspNetCoreInstrumentation(o => o.RecordException = false)
            .AddNpgsql()
            .AddProcessor(new PersonalDataRedactor()));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter(AutomationTelemetry.Name)
            .AddHttpClientInstrumentation()
            .AddAspNetCoreInstrumentation());

        var exporters = Exporters.From(configuration);
        if (exporters.Any)
        {
            AddExporters(services.AddOpenTelemetry(), exporters);
        }

        return services;
    }

    /// <summary>Whether any exporter is configured (the Functions host then adds its worker defaults).</summary>
    public static bool IsEnabled(IConfiguration configuration) => Exporters.From(configuration).Any;

    static OpenTelemetryBuilder AddExporters(OpenTelemetryBuilder builder, Exporters exporters) =>
        builder
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                if (exporters.AzureMonitor is { } connection)
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = connection);
                }

                if (exporters.Otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (exporters.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                if (exporters.AzureMonitor is { } connection)
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = connection);
                }

                if (exporters.Otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (exporters.Console)
                {
                    metrics.AddConsoleExporter();
                }
            });

    sealed record Exporters(string? AzureMonitor, bool Otlp, bool Console)
    {
        public bool Any => AzureMonitor is not null || Otlp || Console;

        public static Exporters From(IConfiguration configuration) => new(
            configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connection ? connection : null,
            configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 },
            configuration.GetValue("Telemetry:Console", false));
    }
}
