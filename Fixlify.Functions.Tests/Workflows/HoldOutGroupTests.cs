using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>The hold-out group: a pure function of (workflow, record), the share it was asked for.</summary>
public sealed class HoldOutGroupTests
{
    static readonly Guid Workflow = Guid.Parse("0b7a3f1e-52c4-4b8e-9d41-2f6f0c7e9a10");

    [Fact]
    public void IsHeldOut_PinnedRecords_KeepTheirGroupInEveryProcess()
    {
        // Fixed answers: a change to the hash would move records between groups across a deploy or a restart.
        var records = Enumerable.Range(1, 12).Select(i => Guid.Parse($"00000000-0000-4000-8000-{i:D12}")).ToArray();

        var groups = string.Concat(records.Select(r => HoldOutGroup.IsHeldOut(Workflow, r, 50) ? 'H' : 'T'));

        Assert.Equal(Pinned, groups);
    }

    /// <summary>The groups of the twelve pinned records at 50 %, as SHA-256 of "workflow/record" puts them.</summary>
    const string Pinned = "TTHHHTTTTHTT";

    [Fact]
    public void IsHeldOut_TenThousandRecords_HoldsOutAboutTheShareAskedFor()
    {
        var records = Enumerable.Range(0, 10_000).Select(i => new Guid(i, 7, 9, [1, 2, 3, 4, 5, 6, 7, 8])).ToList();

        var heldOut = records.Count(r => HoldOutGroup.IsHeldOut(Workflow, r, 10));

        Assert.InRange(heldOut, 900, 1100);
    }

    [Fact]
    public void IsHeldOut_ALargerShare_KeepsEveryoneTheSmallerShareHeldOut()
    {
        var records = Enumerable.Range(0, 2_000).Select(i => new Guid(i, 3, 5, [8, 7, 6, 5, 4, 3, 2, 1])).ToList();

        var atTen = records.Where(r => HoldOutGroup.IsHeldOut(Workflow, r, 10)).ToList();

        Assert.All(atTen, r => Assert.True(HoldOutGroup.IsHeldOut(Workflow, r, 20)));
    }

    [Fact]
    public void IsHeldOut_NoShareOrNoRecord_IsFalse()
    {
        Assert.False(HoldOutGroup.IsHeldOut(Workflow, new JsonObject(), Guid.NewGuid()));
        Assert.False(HoldOutGroup.IsHeldOut(Workflow, new JsonObject { ["holdOutPercent"] = 50 }, null));
    }

    [Fact]
    public void Describe_SaysTheGroupInWords()
    {
        var record = Enumerable.Range(0, 100).Select(i => new Guid(i, 1, 1, [0, 0, 0, 0, 0, 0, 0, 1])).First(r => HoldOutGroup.IsHeldOut(Workflow, r, 30));

        var described = HoldOutGroup.Describe(Workflow, new JsonObject { ["holdOutPercent"] = 30 }, record)!;

        Assert.Equal("held_out", (string)described["group"]!);
        Assert.Contains("Held out (comparison group)", (string)described["words"]!, StringComparison.Ordinal);
    }
}
