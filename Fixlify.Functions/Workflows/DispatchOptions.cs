namespace Fixlify.Workflows;

/// <summary>Which events start which workflows.</summary>
internal sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>Events caused by automations this many levels deep start nothing (stops loops).</summary>
    public int MaxChainDepth { get; set; } = 3;
}
