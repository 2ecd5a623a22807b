using System.Reflection;
using System.Text.Json;
using Fixlify.Api;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Functions;

/// <summary>What the Worker SDK wrote into functions.metadata: the functions Azure will load, with their bindings.</summary>
public sealed class FunctionsMetadataTests
{
    /// <summary>Every function of the app and the binding types it must have.</summary>
    static readonly Dictionary<string, string[]> Expected = new()
    {
        ["GetHealth"] = ["httpTrigger", "http"],
        ["GetCaller"] = ["httpTrigger", "http"],
        ["GetOpenApiDocument"] = ["httpTrigger", "http"],
        ["GetWebConfig"] = ["httpTrigger", "http"],
        ["CreateWorkflow"] = ["httpTrigger", "http"],
        ["ListWorkflows"] = ["httpTrigger", "http"],
        ["ValidateWorkflow"] = ["httpTrigger", "http"],
        ["DeleteWorkflow"] = ["httpTrigger", "http"],
        ["ActivateWorkflow"] = ["httpTrigger", "http"],
        ["GetWorkflowActivation"] = ["httpTrigger", "http"],
        ["GetWorkflowGoalOutcomes"] = ["httpTrigger", "http"],
        ["DeactivateWorkflow"] = ["httpTrigger", "http"],
        ["ListExecutions"] = ["httpTrigger", "http"],
        ["ListAuditEntries"] = ["httpTrigger", "http"],
        ["StreamExecutions"] = ["httpTrigger", "http"],
        ["RetryExecution"] = ["httpTrigger", "http", "durableClient"],
        ["PauseWorkflow"] = ["httpTrigger", "http"],
        ["ResumeWorkflow"] = ["httpTrigger", "http", "durableClient"],
        ["PreviewBulkExecutions"] = ["httpTrigger", "http"],
        ["RunBulkExecutions"] = ["httpTrigger", "http", "durableClient"],
        ["GetMetrics"] = ["httpTrigger", "http"],
        ["GetWorkflowMetrics"] = ["httpTrigger", "http"],
        ["GetOutcomeMetrics"] = ["httpTrigger", "http"],
        ["GetWorkflow"] = ["httpTrigger", "http"],
        ["UpdateWorkflow"] = ["httpTrigger", "http"],
        ["StartWorkflowRun"] = ["httpTrigger", "http", "durableClient"],
        ["TestWorkflow"] = ["httpTrigger", "http"],
        ["BacktestWorkflow"] = ["httpTrigger", "http"],
        ["ListWorkflowVersions"] = ["httpTrigger", "http"],
        ["GetWorkflowVersion"] = ["httpTrigger", "http"],
        ["RestoreWorkflowVersion"] = ["httpTrigger", "http"],
        ["GetWorkflowDraft"] = ["httpTrigger", "http"],
        ["SaveWorkflowDraft"] = ["httpTrigger", "http"],
        ["DiscardWorkflowDraft"] = ["httpTrigger", "http"],
        ["CompareWorkflowDraft"] = ["httpTrigger", "http"],
        ["GetWorkflowInFlight"] = ["httpTrigger", "http"],
        ["PublishWorkflowDraft"] = ["httpTrigger", "http", "durableClient"],
        ["ListTemplates"] = ["httpTrigger", "http"],
        ["InstantiateTemplate"] = ["httpTrigger", "http"],
        ["GetExecution"] = ["httpTrigger", "http"],
        ["CancelExecution"] = ["httpTrigger", "http", "durableClient"],
        ["EraseClient"] = ["httpTrigger", "http", "durableClient"],
        ["SchedulerTick"] = ["timerTrigger", "durableClient"],
        ["RecoverPending"] = ["timerTrigger", "durableClient"],
        ["GetAlertSettings"] = ["httpTrigger", "http"],
        ["PutAlertSettings"] = ["httpTrigger", "http"],
        ["GetAttention"] = ["httpTrigger", "http"],
        ["ResendInDoubt"] = ["httpTrigger", "http"],
        ["DismissInDoubt"] = ["httpTrigger", "http"],
        ["DismissWorkflowFailures"] = ["httpTrigger", "http"],
        ["MuteWorkflowAlerts"] = ["httpTrigger", "http"],
        ["UnmuteWorkflowAlerts"] = ["httpTrigger", "http"],
        ["ReceiveSmsWebhook"] = ["httpTrigger", "http", "durableClient"],
        ["ListSmsSuppressions"] = ["httpTrigger", "http"],
        ["AddSmsSuppression"] = ["httpTrigger", "http"],
        ["RemoveSmsSuppression"] = ["httpTrigger", "http"],
        ["GetWorkflowNextRuns"] = ["httpTrigger", "http"],
        ["PreviewSchedule"] = ["httpTrigger", "http"],
        ["GetCatalog"] = ["httpTrigger", "http"],
        ["ListRecords"] = ["httpTrigger", "http"],
        ["GetWorkflowStepStats"] = ["httpTrigger", "http"],
        ["RunWorkflow"] = ["orchestrationTrigger"],
        ["StartExecution"] = ["activityTrigger"],
        ["ExecuteAction"] = ["activityTrigger"],
        ["StartWithAction"] = ["activityTrigger"],
        ["RecordSteps"] = ["activityTrigger"],
        ["StartWait"] = ["activityTrigger"],
        ["FinishExecution"] = ["activityTrigger"],
        ["CheckHold"] = ["activityTrigger"],
        ["MoveExecution"] = ["activityTrigger"],
    };

    [Fact]
    public void Metadata_ListsExactlyTheExpectedFunctionsWithTheirBindings()
    {
        var functions = Load();

        Assert.Equal(Expected.Keys.Order(), functions.Keys.Order());
        foreach (var (name, bindings) in Expected)
        {
            var actual = functions[name].GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!);
            Assert.Equal(bindings.Order(), actual.Order());
        }
    }

    [Fact]
    public void HttpFunctions_MatchTheRouteTableTheStandaloneHostServes()
    {
        var http = Load()
            .Select(f => (Name: f.Key, Trigger: f.Value.GetProperty("bindings").EnumerateArray().FirstOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Where(f => f.Trigger.ValueKind == JsonValueKind.Object)
            .Select(f => (
                f.Name,
                Method: f.Trigger.GetProperty("methods").EnumerateArray().Single().GetString()!.ToUpperInvariant(),
                Route: f.Trigger.GetProperty("route").GetString()!,
                AuthLevel: f.Trigger.GetProperty("authLevel").GetString()))
            .OrderBy(f => f.Name)
            .ToList();

        Assert.Equal(
            ApiRoutes.All.Select(r => (r.Name, r.Method, r.Template)).OrderBy(r => r.Name),
            http.Select(f => (f.Name, f.Method, f.Route)));
        Assert.All(http, f => Assert.Equal("Anonymous", f.AuthLevel));
    }

    [Fact]
    public void DurableFunctions_AreTheTasksTheStandaloneHostRegisters()
    {
        var functions = Load();
        string[] Named(string binding) => [.. functions.Where(f => f.Value.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == binding)).Select(f => f.Key).Order(StringComparer.Ordinal)];

        var registry = new Microsoft.DurableTask.DurableTaskRegistry();
        WorkflowTasks.Register(registry);
        var registered = new TaskRegistrations(registry);

        Assert.Equal(Named("orchestrationTrigger"), registered.Orchestrators.Order(StringComparer.Ordinal));
        Assert.Equal(Named("activityTrigger"), registered.Activities.Order(StringComparer.Ordinal));
        Assert.Equal(WorkflowTasks.Orchestrators.Order(StringComparer.Ordinal), registered.Orchestrators.Order(StringComparer.Ordinal));
        Assert.Equal(WorkflowTasks.Activities.Order(StringComparer.Ordinal), registered.Activities.Order(StringComparer.Ordinal));
    }

    /// <summary>What a <see cref="Microsoft.DurableTask.DurableTaskRegistry"/> holds, read the way the worker reads it.</summary>
    sealed class TaskRegistrations
    {
        public TaskRegistrations(Microsoft.DurableTask.DurableTaskRegistry registry)
        {
            var flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
            IEnumerable<string> Names(string property) =>
                ((System.Collections.IEnumerable)registry.GetType().GetProperty(property, flags)!.GetValue(registry)!).Cast<object>()
                    .Select(pair => pair.GetType().GetProperty("Key")!.GetValue(pair)!.ToString()!);
            Orchestrators = [.. Names("Orchestrators")];
            Activities = [.. Names("Activities")];
        }

        public IReadOnlyList<string> Orchestrators { get; }

        public IReadOnlyList<string> Activities { get; }
    }

    static Dictionary<string, JsonElement> Load() => FunctionsMetadata.Load();
}
