using System.Text.Json.Nodes;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Benchmarks;

/// <summary>An action that does nothing, so a benchmark measures the engine, not a channel.</summary>
internal sealed class NoOpActionHandler : IActionHandler
{
    public string ActionType => "noop";

    public ActionWords Words { get; } = new("Do nothing", "Benchmark action: does nothing.", "do nothing", []);

    public RetrySettings DefaultRetry { get; } = new(1, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1));

    public void Validate(ActionConfigValidation validation)
    {
    }

    public Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ActionOutcome.Completed(new JsonObject { ["step"] = request.StepKey }));

    public Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(ActionPreview.WouldRun(new JsonObject { ["step"] = request.StepKey }, new JsonObject { ["step"] = request.StepKey }));
}
