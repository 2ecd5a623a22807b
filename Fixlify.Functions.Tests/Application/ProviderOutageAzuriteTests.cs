using Fixlify.Tests.Fixtures;
using Xunit.Abstractions;

namespace Fixlify.Tests.Application;

/// <summary>The game day on Azure Storage (Azurite).</summary>
public sealed class ProviderOutageAzuriteTests(AzuriteOutageApp app, ITestOutputHelper output) : ProviderOutageTests<AzuriteOutageApp>(app, output), IClassFixture<AzuriteOutageApp>;
