using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Fixlify.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Triggers;

internal static class TriggersServiceCollectionExtensions
{
    /// <summary>Dispatcher, time triggers, metrics, the scheduler tick, and Service Bus when it is configured.</summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ServiceBusOptions>(configuration.GetSection(ServiceBusOptions.Section));
        services.Configure<RelayOptions>(configuration.GetSection(RelayOptions.Section));
        services.Configure<SchedulerOptions>(configuration.GetSection(SchedulerOptions.Section));
        services.Configure<DispatchOptions>(configuration.GetSection(DispatchOptions.Section));
        services.Configure<Fixlify.Engine.MovedWaitOptions>(configuration.GetSection(Fixlify.Engine.MovedWaitOptions.Section));
        services.Configure<Fixlify.Engine.SchedulingOptions>(configuration.GetSection(Fixlify.Engine.SchedulingOptions.Section));
        services.Configure<Fixlify.Engine.HoldOptions>(configuration.GetSection(Fixlify.Engine.HoldOptions.Section));
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<TimeTriggers>();
        services.AddSingleton<MetricsRollup>();
        services.AddSingleton<ExecutionWatchdog>();
        services.AddSingleton<SchedulerTick>();
        services.AddSingleton<DataRetention>();
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));

        var serviceBus = configuration.GetSection(ServiceBusOptions.Section).Get<ServiceBusOptions>() ?? new ServiceBusOptions();
        if (serviceBus.IsConfigured)
        {
            services.AddSingleton(_ => string.IsNullOrWhiteSpace(serviceBus.FullyQualifiedNamespace)
                ? new ServiceBusClient(serviceBus.ConnectionString)
                : new ServiceBusClient(serviceBus.FullyQualifiedNamespace, new DefaultAzureCredential()));
            services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(serviceBus.QueueName));
            services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateReceiver(serviceBus.QueueName));
            services.AddSingleton<ServiceBusDrain>();
            services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        }

        return services;
    }

    /// <summary>Whether this configuration talks to Service Bus.</summary>
    public static bool UsesServiceBus(IConfiguration configuration) =>
        (configuration.GetSection(ServiceBusOptions.Section).Get<ServiceBusOptions>() ?? new ServiceBusOptions()).IsConfigured;
}
