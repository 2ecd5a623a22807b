using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Triggers;

/// <summary>The task hub's purge on Azure Storage (Azurite), the standalone host's other backend.</summary>
public sealed class DataRetentionAzureStorageTests(AzuriteEngineApp app) : IClassFixture<AzuriteEngineApp>
{
    [Fact]
    public Task Run_EndedOrchestration_HistoryIsPurged() => DataRetentionTests.EndedHistoryIsPurgedAsync(app);
}
