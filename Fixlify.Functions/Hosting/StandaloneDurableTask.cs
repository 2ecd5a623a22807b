using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Fixlify.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary>
/// The standalone host's stand-in for the Durable Functions extension: a Durable Task gRPC sidecar in this
/// process (on a free loopback port) over Azure Storage or memory, and the Durable Task SDK worker and client
/// connected to it, with the engine's orchestrator and activities registered by the names the Functions use.
/// </summary>
public static class StandaloneDurableTask
{
    public static IServiceCollection AddStandaloneDurableTask(this IServiceCollection services, DurableOptions options)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        services.AddSingleton(sp => CreateBackend(options, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => new Sidecar(address, sp.GetRequiredService<IOrchestrationService>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(WorkflowTasks.Register);
            builder.UseGrpc(address);
        });
        services.AddDurableTaskClient(builder => builder.UseGrpc(address));
        return services;
    }

    /// <summary>How many orchestration and activity work items the sidecar runs at once.</summary>
    const int Concurrency = 64;

    static IOrchestrationService CreateBackend(DurableOptions options, ILoggerFactory loggers) => options.Backend switch
    {
        "InMemory" => ConcurrencyLimits.Raise(new InMemoryOrchestrationService(loggers), Concurrency),
        _ => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseInterval / 3,
            LeaseAcquireInterval = options.LeaseInterval / 3,
            PartitionCount = 1,
            MaxConcurrentTaskOrchestrationWorkItems = Concurrency,
            MaxConcurrentTaskActivityWorkItems = Concurrency,
            LoggerFactory = loggers,
        }),
    };

    /// <summary>
    /// The in-memory backend reports as many concurrent work items as the machine has cores, and the sidecar's
    /// dispatcher waits half a second each time it reaches that number: a handful of work items a second. This
    /// forwards every call to the backend but reports a higher limit.
    /// </summary>
    class ConcurrencyLimits : System.Reflection.DispatchProxy
    {
        IOrchestrationService _inner = null!;
        int _limit;

        public static IOrchestrationService Raise(IOrchestrationService inner, int limit)
        {
            var proxy = Create<IOrchestrationService, ConcurrencyLimits>();
            var limits = (ConcurrencyLimits)(object)proxy;
            limits._inner = inner;
            limits._limit = limit;
            return proxy;
        }

        public static IOrchestrationServiceClient Client(IOrchestrationService service) =>
            (IOrchestrationServiceClient)(service is ConcurrencyLimits limits ? limits._inner : service);

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "get_" + nameof(IOrchestrationService.MaxConcurrentTaskOrchestrationWorkItems):
                case "get_" + nameof(IOrchestrationService.MaxConcurrentTaskActivityWorkItems):
                    return _limit;
                default:
                    try
                    {
                        return targetMethod!.Invoke(_inner, args);
                    }
                    catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                        throw;
                    }
            }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kestrel on HTTP/2 serving the Durable Task sidecar protocol over the chosen backend.</summary>
    sealed class Sidecar(string address, IOrchestrationService backend, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
    {
        WebApplication? _app;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (backend is AzureStorageOrchestrationService azure)
            {
                await azure.CreateIfNotExistsAsync();
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggers);
            builder.WebHost.UseUrls(address);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(backend);
            builder.Services.AddSingleton(ConcurrencyLimits.Client(backend));
            builder.Services.AddSingleton<TaskHubGrpcServer>();
            _app = builder.Build();
            _app.MapGrpcService<TaskHubGrpcServer>();
            await _app.StartAsync(cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_app is not null)
            {
                await _app.StopAsync(cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
