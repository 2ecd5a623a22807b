using Fixlify.Hosting;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fixlify.Tests.Hosting;

/// <summary>
/// Why <see cref="SidecarOrchestrationService"/> exists, pinned: the SDK's in-memory backend reports as many concurrent
/// work items as the machine has cores (and the sidecar's dispatcher waits 500 ms whenever that many run). When an SDK
/// upgrade changes that, the first test fails, and the wrapper's concurrency override can go.
/// </summary>
public sealed class SidecarOrchestrationServiceTests
{
    [Fact]
    public void InMemoryBackend_ReportsTheCoresAsItsConcurrency_WhichIsWhyTheWrapperExists()
    {
        var backend = new InMemoryOrchestrationService(NullLoggerFactory.Instance);

        Assert.Equal(Environment.ProcessorCount, backend.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(Environment.ProcessorCount, backend.MaxConcurrentTaskOrchestrationWorkItems);
    }

    [Fact]
    public void Wrapper_ReportsTheChosenConcurrency_AndPassesTheRestThrough()
    {
        var backend = new InMemoryOrchestrationService(NullLoggerFactory.Instance);
        var service = new SidecarOrchestrationService(backend, 500, null, NullLogger.Instance);

        Assert.Equal(500, service.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(500, service.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal(backend.TaskOrchestrationDispatcherCount, service.TaskOrchestrationDispatcherCount);
        Assert.Same(backend, service.Inner);
    }
}
