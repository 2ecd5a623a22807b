using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>What an execution's context is built from: the execution, its workflow, and the trigger that started it.</summary>
internal sealed record ExecutionContextSource(
    Guid ExecutionId, Guid OrganizationId, Guid? WorkflowId, string? WorkflowName, int? WorkflowVersion, string TriggerType, JsonObject TriggerData);

/// <summary>An execution's context, and what was cut from it for size (each a warning a person reads).</summary>
internal sealed record BuiltContext(JsonObject Values, IReadOnlyList<string> Warnings);

/// <summary>
/// Builds an execution's context: the trigger, the workflow, the execution, the organization and the business records
/// the trigger concerns (client, job, invoice, estimate, technician), loaded fresh. Only reads: a run builds it when it
/// starts, a dry run builds it the same way without writing anything.
/// </summary>
internal static class ExecutionContextBuilder
{
    static readonly string[] LoadOrder = ["job", "invoice", "estimate", "client", "technician"];
    static readonly string[] Owners = ["job", "invoice", "estimate"];

    public static async Task<BuiltContext> BuildAsync(DatabaseTransaction transaction, ExecutionContextSource source, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var trigger = (JsonObject)source.TriggerData.DeepClone();
        FieldLimits.Cut(trigger, "trigger", warnings);
        trigger["type"] = source.TriggerType;
        var context = new JsonObject
        {
            ["trigger"] = trigger,
            ["workflow"] = new JsonObject { ["id"] = source.WorkflowId?.ToString(), ["name"] = source.WorkflowName, ["version"] = source.WorkflowVersion },
            ["execution"] = new JsonObject { ["id"] = source.ExecutionId.ToString() },
            ["steps"] = new JsonObject(),
            ["organization"] = await BusinessRecords.LoadAsync(transaction, "organization", source.OrganizationId, cancellationToken),
        };

        var wanted = TriggerType.Find(source.TriggerType)?.Records ?? [];
        var ids = new Dictionary<string, Guid>();
        if (TriggerType.Find(source.TriggerType)?.Entity is { } entity && Guid.TryParse(trigger["entityId"]?.ToString(), out var entityId))
        {
            ids[entity] = entityId;
        }

        // A manual run names its records: {"jobId": "..."} (or {"job": {"id": "..."}}).
        foreach (var (record, text, _) in NamedRecords(trigger["data"]))
        {
            if (Guid.TryParse(text, out var id))
            {
                ids.TryAdd(record, id);
            }
        }

        // The trigger's record first, then the records it points at.
        foreach (var record in LoadOrder)
        {
            if (!wanted.Contains(record))
            {
                continue;
            }

            if (!ids.TryGetValue(record, out var id))
            {
                var foreignKey = $"{record}_id";
                var owner = Owners.Select(r => context[r] as JsonObject).FirstOrDefault(r => r?[foreignKey] is not null);
                if (!Guid.TryParse(owner?[foreignKey]?.ToString(), out id))
                {
                    continue;
                }
            }

            var loaded = await BusinessRecords.LoadAsync(transaction, record, id, cancellationToken);
            FieldLimits.Cut(loaded, record, warnings);
            context[record] = loaded;
        }

        if (wanted.Contains("technicians"))
        {
            var technicians = await BusinessRecords.ActiveTechniciansAsync(transaction, cancellationToken);
            FieldLimits.Cut(technicians, "technicians", warnings);
            context["technicians"] = technicians;
        }

        FieldLimits.Cut(context["organization"], "organization", warnings);
        return new BuiltContext(context, warnings);
    }

    /// <summary>
    /// What an execution's <c>trigger</c> holds for an event: the event and its payload (new row, old values, from/to), long
    /// texts cut (with what was cut, for the execution to show).
    /// </summary>
    public static (JsonObject Trigger, IReadOnlyList<string> Warnings) EventTrigger(AutomationEvent automationEvent)
    {
        var data = (JsonObject)automationEvent.Payload.DeepClone();
        data["eventId"] = automationEvent.Id.ToString();
        data["entityType"] = automationEvent.EntityType;
        data["entityId"] = automationEvent.EntityId?.ToString();
        data["origin"] = automationEvent.Origin;
        data["chainDepth"] = automationEvent.ChainDepth;
        data["occurredAt"] = automationEvent.OccurredAt;
        var warnings = new List<string>();
        FieldLimits.Cut(data, "trigger", warnings);
        return (data, warnings);
    }

    /// <summary>
    /// The trigger data of a manual run (and of a dry run): who asked (the token's subject, and the person's name when the
    /// token gives one), and the values they gave for the context.
    /// </summary>
    public static JsonObject ManualTrigger(string requestedBy, JsonNode? data, string? requestedByName = null)
    {
        var trigger = new JsonObject
        {
            ["manual"] = true,
            ["requestedBy"] = requestedBy,
            ["data"] = data?.DeepClone() ?? new JsonObject(),
        };
        if (!string.IsNullOrWhiteSpace(requestedByName))
        {
            trigger["requestedByName"] = requestedByName.Trim();
        }

        return trigger;
    }

    /// <summary>
    /// The record an execution is about: its event's record (<c>entityType</c>, <c>entityId</c>), else the first record a
    /// manual run named (a job before an invoice, an estimate, a client); null when it names none.
    /// </summary>
    public static (string Record, Guid Id)? SubjectOf(string triggerType, JsonObject trigger)
    {
        var entity = trigger["entityType"]?.ToString() ?? TriggerType.Find(triggerType)?.Entity;
        if (entity is not null && ExecutionSubjects.Records.Contains(entity) && Guid.TryParse(trigger["entityId"]?.ToString(), out var id))
        {
            return (entity, id);
        }

        foreach (var record in ExecutionSubjects.Records)
        {
            if (NamedRecords(trigger["data"]).FirstOrDefault(n => n.Record == record) is { Record: not null } named && Guid.TryParse(named.Text, out var given))
            {
                return (record, given);
            }
        }

        return null;
    }

    /// <summary>
    /// The records a manual run names in its data: <c>{"jobId": "..."}</c> or <c>{"job": {"id": "..."}}</c>, each with the
    /// text given (not necessarily an id) and where it was given (<c>jobId</c>, <c>job.id</c>).
    /// </summary>
    public static IReadOnlyList<(string Record, string Text, string Path)> NamedRecords(JsonNode? data)
    {
        var named = new List<(string, string, string)>();
        if (data is not JsonObject values)
        {
            return named;
        }

        foreach (var record in BusinessRecords.Tables.Keys.Where(r => r != "organization"))
        {
            if (values[$"{record}Id"]?.ToString() is { } text)
            {
                named.Add((record, text, $"{record}Id"));
            }
            else if ((values[record] as JsonObject)?["id"]?.ToString() is { } nested)
            {
                named.Add((record, nested, $"{record}.id"));
            }
        }

        return named;
    }
}
