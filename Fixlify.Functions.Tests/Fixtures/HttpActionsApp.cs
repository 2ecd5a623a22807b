namespace Fixlify.Tests.Fixtures;

/// <summary>The engine app with loopback allowed for outbound HTTP, so actions can reach WireMock peers on 127.0.0.1.</summary>
public class HttpActionsApp : EngineApp
{
    protected override IEnumerable<string> Arguments() => base.Arguments().Append("--Http:AllowLoopback=true");
}
