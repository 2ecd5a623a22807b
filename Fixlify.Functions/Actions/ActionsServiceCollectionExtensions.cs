using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Actions;

public static class ActionsServiceCollectionExtensions
{
    /// <summary>Every action handler of the builder.</summary>
    public static IServiceCollection AddActions(this IServiceCollection services)
    {
        services.AddSingleton<IActionHandler, CreateTaskHandler>();
        services.AddSingleton<IActionHandler, UpdateRecordHandler>();

        // Outbound HTTP (through Channels' guarded client) and technician assignment.
        services.AddSingleton<IActionHandler, WebhookHandler>();
        services.AddSingleton<IActionHandler, ApiCallHandler>();
        services.AddSingleton<IActionHandler, AssignTechnicianHandler>();
        return services;
    }
}
