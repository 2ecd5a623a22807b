using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Api;

internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.Configure<WebOptions>(configuration.GetSection(WebOptions.Section));
        services.AddSingleton<BearerTokenValidator>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<ApiMiddleware>();
        services.AddSingleton<HealthApi>();
        services.AddSingleton<CallerApi>();
        services.AddSingleton<WorkflowsApi>();
        services.AddSingleton<WorkflowVersionsApi>();
        services.AddSingleton<WorkflowDraftsApi>();
        services.AddSingleton<WorkflowPauseApi>();
        services.AddSingleton<BulkExecutionsApi>();
        services.AddSingleton<DryRunApi>();
        services.AddSingleton<ExecutionsApi>();
        services.AddSingleton<AuditApi>();
        services.AddSingleton<MetricsApi>();
        services.AddSingleton<WorkflowMetricsApi>();
        services.AddSingleton<OutcomeMetricsApi>();
        services.AddSingleton<WebConfigApi>();
        services.AddSingleton<ExecutionStreamApi>();
        services.AddSingleton<ExecutionUpdateHub>();
        services.AddHostedService(sp => sp.GetRequiredService<ExecutionUpdateHub>());
        services.AddSingleton<TemplatesApi>();
        services.AddSingleton<SmsInboundApi>();
        services.AddSingleton<BacktestApi>();
        services.AddSingleton<SmsSuppressionsApi>();
        services.AddSingleton<SchedulesApi>();
        services.AddSingleton<AlertsApi>();
        // The builder (issue 16).
        services.AddSingleton<Workflows.WorkflowCatalog>();
        services.AddSingleton<CatalogApi>();
        services.AddSingleton<RecordsApi>();
        services.AddSingleton<StepStatsApi>();
        services.AddSingleton<GoalOutcomesApi>();
        services.AddSingleton<ClientErasureApi>();
        // Use cases (Application/).
        services.AddSingleton<Application.ActivateWorkflow>();
        services.AddSingleton<Application.PreviewActivation>();
        return services;
    }
}
