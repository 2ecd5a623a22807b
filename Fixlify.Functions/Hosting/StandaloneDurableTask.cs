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
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary>
/// The standalone host's stand-in for the Durable Functions extension: a Durable Task gRPC sidecar in this
/// process (on a free loopback port) over Azure Storage or memory, and the Durable Task SDK worker and client
/// connected to it, with the engine's orchestrator and activities registered by the names the Functions use.
/// </summary>
internal static class StandaloneDurableTask
{
    public static IServiceCollection AddStandaloneDurableTask(this IServiceCollection services, DurableOptions options)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        services.AddSingleton<IOrchestrationService>(sp => CreateBackend(options, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => new Sidecar(address, sp.GetRequiredService<IOrchestrationService>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(WorkflowTasks.Register);
            builder.UseGrpc(address);
            // The sidecar runs in this process and sends no health pings, so an idle stream is not a lost one: without
            // this the worker "reconnects" (with a warning) every 2 minutes of quiet. 0 turns the detection off.
            builder.Services.Configure<GrpcDurableTaskWorkerOptions>(builder.Name, o => o.SetSilentDisconnectTimeout(TimeSpan.Zero));
        });
        services.AddDurableTaskClient(builder => builder.UseGrpc(address));
        return services;
    }

    static SidecarOrchestrationService CreateBackend(DurableOptions options, ILoggerFactory loggers)
    {
        IOrchestrationService backend = options.Backend switch
        {
            "InMemory" => new InMemoryOrchestrationService(loggers),
            _ => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = options.TaskHub,
                StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
                MaxQueuePollingInterval = options.MaxQueuePollingInterval,
                LeaseInterval = options.LeaseInterval,
                LeaseRenewInterval = options.LeaseInterval / 3,
                LeaseAcquireInterval = options.LeaseInterval / 3,
                PartitionCount = options.PartitionCount,
                ControlQueueBatchSize = options.ControlQueueBatchSize,
                ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
                WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
                ExtendedSessionsEnabled = options.ExtendedSessions,
                UseTablePartitionManagement = options.TablePartitionManagement,
                PartitionTableOperationTimeout = options.PartitionTableOperationTimeout,
                MaxConcurrentTaskOrchestrationWorkItems = options.Concurrency,
                MaxConcurrentTaskActivityWorkItems = options.Concurrency,
                LoggerFactory = loggers,
            }),
        };

        // Activity locks renewed a third of the visibility timeout apart (Azure Storage); the in-memory backend has none.
        var renewEvery = options.Backend == "InMemory" ? (TimeSpan?)null : options.WorkItemVisibilityTimeout / 3;
        return new SidecarOrchestrationService(backend, options.Concurrency, renewEvery, loggers.CreateLogger<SidecarOrchestrationService>());
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
            builder.Services.AddSingleton((IOrchestrationServiceClient)(backend is SidecarOrchestrationService sidecar ? sidecar.Inner : backend));
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
