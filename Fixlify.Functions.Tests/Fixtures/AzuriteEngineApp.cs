namespace Fixlify.Tests.Fixtures;

/// <summary>The engine app with its task hub on Azure Storage (the run's Azurite) instead of in memory.</summary>
public sealed class AzuriteEngineApp : EngineApp
{
    /// <summary>One task hub for the fixture's life: a restarted host finds the orchestrations it left.</summary>
    readonly string _taskHub = $"engine{Guid.NewGuid().ToString("N")[..10]}";

    protected override IEnumerable<string> Arguments() =>
        base.Arguments()
            .Append("--Durable:Backend=AzureStorage")
            .Append($"--Durable:StorageConnectionString={TestServices.AzuriteConnectionString}")
            .Append($"--Durable:TaskHub={_taskHub}")
            .Append("--Durable:MaxQueuePollingInterval=00:00:00.500");
}
