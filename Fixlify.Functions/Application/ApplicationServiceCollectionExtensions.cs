using Fixlify.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fixlify.Application;

internal static class ApplicationServiceCollectionExtensions
{
    /// <summary>The use cases the HTTP handlers call, and the steps they share.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SaveWorkflow>();
        services.AddSingleton<CreateWorkflow>();
        services.AddSingleton<UpdateWorkflow>();
        services.AddSingleton<RestoreWorkflowVersion>();
        services.AddSingleton<SaveWorkflowDraft>();
        services.AddSingleton<PublishWorkflowDraft>();
        services.AddSingleton<GetWorkflowDraft>();
        services.AddSingleton<DiscardWorkflowDraft>();
        services.AddSingleton<ListWorkflowVersions>();
        services.AddSingleton<ListInFlightExecutions>();
        services.AddSingleton<InstantiateTemplate>();
        services.AddSingleton<DeactivateWorkflow>();
        services.AddSingleton<DeleteWorkflow>();
        services.AddSingleton<StartWorkflowRun>();
        services.AddSingleton<RetryExecution>();
        services.AddSingleton<CancelExecution>();
        services.AddSingleton<PauseWorkflow>();
        services.AddSingleton<ResumeWorkflow>();
        services.AddSingleton<BulkExecutions>();
        services.AddSingleton<AddSmsSuppression>();
        services.AddSingleton<RemoveSmsSuppression>();
        services.AddSingleton<SmsOptOuts>();
        services.AddSingleton<InboundReplyRouter>();
        services.AddSingleton<HandleInboundSms>();
        services.AddSingleton<EraseClient>();
        services.AddSingleton<MeasureGoalOutcomes>();
        services.TryAddSingleton<IProviderCircuits, ProviderCircuitBreaker>();
        services.Configure<AlertsOptions>(configuration.GetSection(AlertsOptions.Section));
        services.AddSingleton<SaveAlertSettings>();
        services.AddSingleton<DecideInDoubt>();
        services.AddSingleton<ListNeedsAttention>();
        services.AddSingleton<WorkflowAlerts>();
        services.AddSingleton<OfficeAlertSender>();
        if (configuration.GetValue(AlertsOptions.Section + ":" + nameof(AlertsOptions.Enabled), true))
        {
            services.AddHostedService<OfficeAlertService>();
        }

        // The office alerts listen to the provider circuits (in place of NoProviderOutages, which nobody registers now).
        services.AddSingleton<IProviderOutages, ProviderOutageAlerts>();
        return services;
    }
}
