namespace Fixlify.Telemetry;

/// <summary>The attribute names of the app's spans and metrics: ids and kinds, never personal data.</summary>
internal static class TelemetryTags
{
    public const string Organization = "fixlify.organization.id";
    public const string Workflow = "fixlify.workflow.id";
    public const string Execution = "fixlify.execution.id";
    public const string Step = "fixlify.step.key";
    public const string StepType = "fixlify.step.type";
    public const string Event = "fixlify.event.id";
    public const string EventType = "fixlify.event.type";
    public const string Channel = "fixlify.channel";
    public const string Result = "fixlify.result";
    public const string Status = "fixlify.status";
    public const string Attempt = "fixlify.attempt";
    public const string Provider = "fixlify.provider";

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
