using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>Many executions at once each run to the end, each step once.</summary>
public sealed class ConcurrentRunsTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task ManyRunsAtOnce_AllComplete()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("busy", Record("a", "a"), Record("b", "b"), Record("c", "c")));

        var ids = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => app.Api.RunAsync(workflow)));
        var executions = await Task.WhenAll(ids.Select(id => app.Api.WaitForAsync(id, TimeSpan.FromSeconds(90))));

        Assert.All(executions, e => Assert.Equal("completed", e.GetProperty("status").GetString()));
        foreach (var id in ids)
        {
            Assert.Equal(["a", "b", "c"], (await app.CallsAsync(id)).Select(c => c.StepKey));
        }
    }
}
