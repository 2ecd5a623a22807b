using Fixlify.Actions;
using Fixlify.Api;
using Fixlify.Application;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Hosting;

/// <summary>The services both hosts share; each host adds only what is its own.</summary>
internal static class FixlifyServices
{
    public static IServiceCollection AddFixlify(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddData(configuration)
            .AddApi(configuration)
            .AddApplication(configuration)
            .AddWorkflowEngine()
            .AddChannels(configuration)
            .AddGuardedHttp(configuration)
            .AddActions()
            .AddTriggers(configuration)
            .AddTelemetry(configuration);
}
