using Fixlify.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fixlify.Engine;

internal static class EngineServiceCollectionExtensions
{
    /// <summary>The compiler, the activities, the starter, the dry run and the backtest; action handlers are registered as <see cref="IActionHandler"/>s.</summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services)
    {
        services.TryAddSingleton<ActionHandlers>();
        services.TryAddSingleton<IActionTypes>(sp => sp.GetRequiredService<ActionHandlers>());
        services.TryAddSingleton<WorkflowCompiler>();
        services.TryAddSingleton<TemplateRenderer>();
        services.TryAddSingleton<ExecutionStarter>();
        services.TryAddSingleton<WorkflowDryRun>();
        services.TryAddSingleton<StartExecution>();
        services.TryAddSingleton<ExecuteAction>();
        services.TryAddSingleton<StartWithAction>();
        services.TryAddSingleton<RecordSteps>();
        services.TryAddSingleton<StartWait>();
        services.TryAddSingleton<WorkflowBacktest>();
        services.TryAddSingleton<LiveComparison>();
        services.TryAddSingleton<WorkflowPlans>();
        services.TryAddSingleton<FinishExecution>();
        services.TryAddSingleton<CheckHold>();
        services.TryAddSingleton<MoveExecution>();
        return services;
    }
}
