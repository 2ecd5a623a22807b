namespace Fixlify.Workflows;

/// <summary>Whether an event starts a workflow and, when it does not, why (see <see cref="TriggerSettings.Admit"/>).</summary>
internal enum EventAdmission
{
    Starts,

    /// <summary>The workflow's triggerConfig filters (statuses, job types, amounts, tags…) do not match the event.</summary>
    FilteredOut,

    /// <summary>An automation caused the event, and the workflow does not opt in (<c>allowAutomationOrigin</c>).</summary>
    AutomationOrigin,

    /// <summary>An automation caused the event, this many automations deep: past the chain-depth limit.</summary>
    ChainTooDeep,
}
