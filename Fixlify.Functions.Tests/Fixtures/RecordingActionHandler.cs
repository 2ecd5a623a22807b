using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Engine;
using Fixlify.Workflows;
using Npgsql;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// Test action <c>record</c>: writes every call (attempt) into test_action_calls, then fails the first
/// <c>failTimes</c> attempts, or fails for good with <c>failPermanently</c>, as its config says.
/// </summary>
internal sealed class RecordingActionHandler(string connectionString, TemplateRenderer templates) : IActionHandler
{
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS test_action_calls (
            id bigserial PRIMARY KEY, execution_id uuid NOT NULL, step_key text NOT NULL, attempt int NOT NULL,
            label text, called_at timestamptz NOT NULL DEFAULT clock_timestamp())
        """;

    public string ActionType => "record";

    public ActionWords Words { get; } = new("Record a call", "Test action: records each attempt.", "record a call", [new("label", "Label", FieldKind.Text)]);

    public RetrySettings DefaultRetry { get; } = new(3, TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(1));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("label", "failTimes", "failPermanently", "deferOnce");
        validation.Template("label", required: true);
        validation.WholeNumber("failTimes", required: false, 0, 10);
        validation.Words("label", "Label");
        validation.Words("failTimes", "Fail this many times first");
        validation.Words("failPermanently", "Fail for good");
        validation.Words("deferOnce", "Wait once first");
    }

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var label = await templates.RenderFieldAsync(request.Config, "label", request.Context);
        await using var connection = new NpgsqlConnection(connectionString);
        if (request.Config["deferOnce"]?.GetValue<bool>() == true
            && await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM test_action_calls WHERE execution_id = @ExecutionId AND step_key = @StepKey", new { request.ExecutionId, request.StepKey }) == 0)
        {
            await connection.ExecuteAsync(
                "INSERT INTO test_action_calls (execution_id, step_key, attempt, label) VALUES (@ExecutionId, @StepKey, 0, 'deferred')",
                new { request.ExecutionId, request.StepKey });
            return ActionOutcome.Deferred(DateTimeOffset.UtcNow.AddSeconds(1.5), "quiet hours");
        }

        await connection.ExecuteAsync(
            "INSERT INTO test_action_calls (execution_id, step_key, attempt, label) VALUES (@ExecutionId, @StepKey, @Attempt, @label)",
            new { request.ExecutionId, request.StepKey, request.Attempt, label });

        var failTimes = request.Config["failTimes"]?.GetValue<int>() ?? 0;
        if (request.Attempt <= failTimes)
        {
            throw new InvalidOperationException($"transient failure on attempt {request.Attempt}");
        }

        if (request.Config["failPermanently"]?.GetValue<bool>() == true)
        {
            throw new PermanentActionException("permanent failure: the address is invalid");
        }

        return ActionOutcome.Completed(new JsonObject { ["label"] = label });
    }

    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var label = await templates.RenderFieldAsync(request.Config, "label", request.Context);
        return ActionPreview.WouldRun(new JsonObject { ["label"] = label }, new JsonObject { ["label"] = label });
    }
}
