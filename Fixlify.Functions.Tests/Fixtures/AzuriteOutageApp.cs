namespace Fixlify.Tests.Fixtures;

/// <summary><see cref="OutageApp"/> with its task hub on Azure Storage (the run's Azurite).</summary>
public sealed class AzuriteOutageApp : OutageApp
{
    protected override IEnumerable<string> Arguments() =>
        base.Arguments()
            .Append("--Durable:Backend=AzureStorage")
            .Append($"--Durable:StorageConnectionString={TestServices.AzuriteConnectionString}")
            .Append($"--Durable:TaskHub=outage{Guid.NewGuid().ToString("N")[..10]}")
            .Append("--Durable:MaxQueuePollingInterval=00:00:00.500");
}
