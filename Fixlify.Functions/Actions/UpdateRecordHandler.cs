using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Npgsql;

namespace Fixlify.Actions;

/// <summary>
/// <c>update_record</c>: sets whitelisted fields of a job, invoice, client or estimate of the same organization.
/// The write carries the execution as its origin, so the events it causes are known to be an automation's own.
/// </summary>
public sealed class UpdateRecordHandler(TenantDatabase database, TemplateRenderer templates) : IActionHandler
{
    /// <summary>Record → field → PostgreSQL type. Nothing else can be written; names never come from input.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Writable { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["job"] = new Dictionary<string, string>
        {
            ["status"] = "text", ["priority"] = "text", ["technician_id"] = "uuid", ["scheduled_start"] = "timestamptz",
            ["scheduled_end"] = "timestamptz", ["description"] = "text", ["job_type"] = "text",
        },
        ["invoice"] = new Dictionary<string, string> { ["status"] = "text", ["due_date"] = "date" },
        ["client"] = new Dictionary<string, string> { ["status"] = "text", ["notes"] = "text", ["email_opt_out"] = "boolean", ["sms_opt_out"] = "boolean" },
        ["estimate"] = new Dictionary<string, string> { ["status"] = "text", ["valid_until"] = "date" },
    };

    public string ActionType => "update_record";

    public RetrySettings DefaultRetry { get; } = new(3, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("record", "id", "fields");
        var record = validation.Text("record", required: true, [.. Writable.Keys]);
        validation.Template("id", required: false);
        var fields = validation.Section("fields", required: true);
        if (record is null || fields is null)
        {
            return;
        }

        if (fields.Count == 0)
        {
            validation.Error("fields", "Name at least one field to set.");
        }

        foreach (var (name, value) in fields)
        {
            if (!Writable[record].ContainsKey(name))
            {
                validation.Error($"fields.{name}", $"A workflow cannot set {record}.{name}: it may set {string.Join(", ", Writable[record].Keys)}.");
            }
            else if (value is not JsonValue)
            {
                validation.Error($"fields.{name}", "Must be a text, number or true/false value (text may be a template).");
            }
            else if (value.AsValue().TryGetValue<string>(out var text) && TemplateVariables.Check(text, validation.Schema) is { } problem)
            {
                validation.Error($"fields.{name}", problem);
            }
        }
    }

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var record = request.Config["record"]!.GetValue<string>();
        var columns = Writable[record];
        var idText = (await templates.RenderFieldAsync(request.Config, "id", request.Context))?.Trim();
        var id = !string.IsNullOrEmpty(idText)
            ? Guid.TryParse(idText, out var given) ? given : throw new PermanentActionException($"update_record: id '{idText}' is not a {record} id.")
            : ActionContext.RecordId(request.Context, record) ?? throw new PermanentActionException($"update_record: the execution has no {record} to update.");

        var values = new Dictionary<string, object?>();
        var changed = new JsonObject();
        foreach (var (name, value) in (JsonObject)request.Config["fields"]!)
        {
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? await templates.RenderAsync(s, request.Context) : value?.ToJsonString();
            values[name] = string.IsNullOrEmpty(text) ? null : text;
            changed[name] = values[name]?.ToString();
        }

        var assignments = string.Join(", ", values.Keys.Select((name, i) => $"{name} = @p{i}::{columns[name]}"));
        var table = BusinessRecords.Tables[record];
        var parameters = new Dapper.DynamicParameters(new { id });
        var index = 0;
        foreach (var value in values.Values)
        {
            parameters.Add($"p{index++}", value);
        }

        await using var transaction = await database.BeginAsync(request.OrganizationId, request.ExecutionId.ToString(), request.ChainDepth + 1, cancellationToken);
        if (!await DeliveryLedger.ClaimAsync(transaction, request.OrganizationId, request.ExecutionId, request.StepKey, "record", "sent", null, cancellationToken))
        {
            var done = await DeliveryLedger.FindAsync(transaction, request.ExecutionId, request.StepKey, cancellationToken);
            return ActionOutcome.Completed(done?.Result, $"{record} already updated");
        }

        int updated;
        try
        {
            updated = await transaction.ExecuteAsync($"UPDATE {table} SET {assignments} WHERE id = @id", parameters, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.InvalidTextRepresentation
            or PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.DatetimeFieldOverflow or PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new PermanentActionException($"update_record: {record} {id} refused the values ({e.MessageText}).", e);
        }

        if (updated == 0)
        {
            throw new PermanentActionException($"update_record: no {record} {id} in this organization.");
        }

        var output = new JsonObject { ["record"] = record, ["id"] = id.ToString(), ["changed"] = changed };
        await DeliveryLedger.CompleteAsync(transaction, request.ExecutionId, request.StepKey, "sent", id.ToString(), output, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ActionOutcome.Completed(output, $"{record} updated: {string.Join(", ", values.Keys)}");
    }
}
