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
internal sealed class UpdateRecordHandler(TenantDatabase database, TemplateRenderer templates) : IActionHandler
{
    /// <summary>Record → field → PostgreSQL type. Nothing else can be written; names never come from input.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Writable { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["job"] = new Dictionary<string, string>
        {
            ["status"] = "text", ["priority"] = "text", ["technician_id"] = "uuid", ["scheduled_start"] = "timestamptz",
            ["scheduled_end"] = "timestamptz", ["description"] = "text", ["job_type"] = "text", ["confirmed_at"] = "timestamptz",
        },
        ["invoice"] = new Dictionary<string, string> { ["status"] = "text", ["due_date"] = "date" },
        ["client"] = new Dictionary<string, string> { ["status"] = "text", ["notes"] = "text", ["email_opt_out"] = "boolean", ["sms_opt_out"] = "boolean" },
        ["estimate"] = new Dictionary<string, string> { ["status"] = "text", ["valid_until"] = "date" },
    };

    public string ActionType => "update_record";

    public ActionWords Words { get; } = new(
        "Update a record", "Changes fields of the job, invoice, client or estimate, such as its status.", "update the record",
        [new("record", "Record", FieldKind.Text, Hidden: true), new("id", "Record id", FieldKind.Id, Hidden: true), new("changed", "What changed", FieldKind.List, Hidden: true)]);

    public RetrySettings DefaultRetry { get; } = new(3, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("record", "id", "fields");
        var record = validation.Text("record", required: true, [.. Writable.Keys]);
        validation.Template("id", required: false);
        var fields = validation.Section("fields", required: true);
        validation.Describe("fields", new JsonObject
        {
            ["minProperties"] = 1,
            ["examples"] = new JsonArray(new JsonObject { [Writable.First().Value.Keys.First()] = "completed" }),
            ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean"), ["x-liquid"] = true },
        });
        validation.Rule(new JsonObject { ["oneOf"] = new JsonArray([.. Writable.Select(w => (JsonNode?)WritableBy(w.Key, w.Value.Keys))]) });
        if (record is null || fields is null)
        {
            return;
        }

        if (fields.Count == 0)
        {
            validation.Error("fields", "Choose a field to change.");
        }

        foreach (var (name, value) in fields)
        {
            if (!Writable[record].ContainsKey(name))
            {
                validation.Error($"fields.{name}", $"An automation cannot change {PlainText.Field($"{record}.{name}")}: choose another field.");
            }
            else if (value is not JsonValue)
            {
                validation.Error($"fields.{name}", "Enter a text, a number, or yes or no.");
            }
            else if (value.AsValue().TryGetValue<string>(out var text) && TemplateVariables.Check(text, validation.Schema) is { } problem)
            {
                validation.Error($"fields.{name}", problem);
            }
        }
    }

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var update = await PrepareAsync(request);
        var (record, id) = (update.Record, update.Id);
        var columns = Writable[record];
        var assignments = string.Join(", ", update.Values.Keys.Select((name, i) => $"{name} = @p{i}::{columns[name]}"));
        var table = BusinessRecords.Tables[record];

        await using var transaction = await database.BeginForAsync(request, cancellationToken);
        if (await DeliveryLedger.ClaimOrEarlierAsync(transaction, request.OrganizationId, request.ExecutionId, request.StepKey, "record", cancellationToken) is { } done)
        {
            return ActionOutcome.Completed(done.Result, $"{record} already updated");
        }

        int updated;
        try
        {
            updated = await transaction.ExecuteAsync($"UPDATE {table} SET {assignments} WHERE id = @id", update.Parameters(), cancellationToken);
        }
        catch (PostgresException e) when (IsRefusal(e))
        {
            throw Refused(update, e);
        }

        if (updated == 0)
        {
            throw NotFound(update);
        }

        var output = Output(update);
        await DeliveryLedger.CompleteAsync(transaction, request.ExecutionId, request.StepKey, DeliveryStatus.Sent, id.ToString(), output, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ActionOutcome.Completed(output, $"{record} updated: {string.Join(", ", update.Values.Keys)}");
    }

    /// <summary>
    /// The fields the step would set, beside their current values; the record must exist and each value must convert to
    /// its column's type, as the update would check. Nothing is written.
    /// </summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var update = await PrepareAsync(request);
        var columns = Writable[update.Record];
        await using var transaction = await database.BeginReadOnlyAsync(request.OrganizationId, cancellationToken);
        var current = await BusinessRecords.LoadAsync(transaction, update.Record, update.Id, cancellationToken) ?? throw NotFound(update);
        try
        {
            var casts = string.Join(", ", update.Values.Keys.Select((name, i) => $"@p{i}::{columns[name]}"));
            await transaction.ExecuteAsync($"SELECT {casts}", update.Parameters(), cancellationToken);
        }
        catch (PostgresException e) when (IsRefusal(e))
        {
            throw Refused(update, e);
        }

        var rendered = new JsonObject
        {
            ["record"] = update.Record,
            ["id"] = update.Id.ToString(),
            ["fields"] = update.Changed.DeepClone(),
            ["current"] = new JsonObject(update.Values.Keys.Select(name => KeyValuePair.Create(name, current[name]?.DeepClone()))),
        };
        return ActionPreview.WouldRun(rendered, Output(update));
    }

    /// <summary>The record, its id, and the fields with their rendered values (null for empty).</summary>
    sealed record RecordUpdate(string Record, Guid Id, Dictionary<string, object?> Values, JsonObject Changed)
    {
        public Dapper.DynamicParameters Parameters()
        {
            var parameters = new Dapper.DynamicParameters(new { id = Id });
            var index = 0;
            foreach (var value in Values.Values)
            {
                parameters.Add($"p{index++}", value);
            }

            return parameters;
        }
    }

    async Task<RecordUpdate> PrepareAsync(ActionRequest request)
    {
        var record = request.Config["record"]!.GetValue<string>();
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

        return new RecordUpdate(record, id, values, changed);
    }

    static bool IsRefusal(PostgresException e) => e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.InvalidTextRepresentation
        or PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.DatetimeFieldOverflow or PostgresErrorCodes.ForeignKeyViolation;

    static PermanentActionException Refused(RecordUpdate update, PostgresException e) =>
        new($"update_record: {update.Record} {update.Id} refused the values ({e.MessageText}).", e);

    static PermanentActionException NotFound(RecordUpdate update) => new($"update_record: no {update.Record} {update.Id} in this organization.");

    static JsonObject Output(RecordUpdate update) =>
        new() { ["record"] = update.Record, ["id"] = update.Id.ToString(), ["changed"] = update.Changed.DeepClone() };

    /// <summary>When <c>record</c> is <paramref name="record"/>, <c>fields</c> names only <paramref name="fields"/>.</summary>
    static JsonObject WritableBy(string record, IEnumerable<string> fields) => new()
    {
        ["properties"] = new JsonObject
        {
            ["record"] = new JsonObject { ["const"] = record },
            ["fields"] = new JsonObject { ["propertyNames"] = new JsonObject { ["enum"] = new JsonArray([.. fields.Select(f => (JsonNode?)f)]) } },
        },
    };
}
