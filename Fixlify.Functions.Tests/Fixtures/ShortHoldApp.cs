namespace Fixlify.Tests.Fixtures;

/// <summary><see cref="OutageApp"/> whose steps are held at most 3 seconds (<c>Holds:MaxHold</c>).</summary>
public sealed class ShortHoldApp : OutageApp
{
    protected override IEnumerable<string> Arguments() => base.Arguments().Append("--Holds:MaxHold=00:00:03");
}
