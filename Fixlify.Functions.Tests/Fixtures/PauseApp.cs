namespace Fixlify.Tests.Fixtures;

/// <summary>The engine app with held steps checking every half second (a paused automation's executions go soon after it is resumed).</summary>
public sealed class PauseApp : EngineApp
{
    protected override IEnumerable<string> Arguments() => base.Arguments().Append("--Holds:CheckInterval=00:00:00.500");
}
