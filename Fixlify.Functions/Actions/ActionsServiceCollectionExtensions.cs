using Fixlify.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Actions;

internal static class ActionsServiceCollectionExtensions
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
        // Messages: email, SMS, push, and the first of them that can deliver.
        services.AddSingleton<ChannelDelivery>();
        services.AddSingleton<SendEmailHandler>();
        services.AddSingleton<SendSmsHandler>();
        services.AddSingleton<SendPushNotificationHandler>();
        services.AddSingleton<SendMessageHandler>();
        services.AddSingleton<IActionHandler>(sp => sp.GetRequiredService<SendEmailHandler>());
        services.AddSingleton<IActionHandler>(sp => sp.GetRequiredService<SendSmsHandler>());
        services.AddSingleton<IActionHandler>(sp => sp.GetRequiredService<SendPushNotificationHandler>());
        services.AddSingleton<IActionHandler>(sp => sp.GetRequiredService<SendMessageHandler>());
        return services;
    }
}
