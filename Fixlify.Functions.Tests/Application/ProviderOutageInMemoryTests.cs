using Fixlify.Tests.Fixtures;
using Xunit.Abstractions;

namespace Fixlify.Tests.Application;

/// <summary>The game day on the in-memory task hub.</summary>
public sealed class ProviderOutageInMemoryTests(OutageApp app, ITestOutputHelper output) : ProviderOutageTests<OutageApp>(app, output), IClassFixture<OutageApp>;
