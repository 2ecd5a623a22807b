using Fixlify.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fixlify.Application;

internal static class ApplicationServiceCollectionExtensions
{
    /// <summary>The use cases the HTTP handlers call, and the steps they share.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton<SaveWorkflow>();
        services.AddSingleton<CreateWorkflow>();
        services.AddSingleton<UpdateWorkflow>();
        services.AddSingleton<RestoreWorkflowVersion>();
        services.AddSingleton<SaveWorkflowDraft>();
        services.AddSingleton<PublishWorkflowDraft>();
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
        services.TryAddSingleton<IProviderOutages, NoProviderOutages>();
        services.TryAddSingleton<IProviderCircuits, ProviderCircuitBreaker>();
        return services;
    }
}
