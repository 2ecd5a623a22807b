using System.Collections.Concurrent;
using System.Text.Json;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// The compiled plan of each workflow version: compiled once, when the version is saved, and stored with it
/// (automation_workflow_versions); read from there, and kept in memory (a version never changes), by dispatch and
/// by each execution's start. A version saved before plans were stored, or stored in an older plan format, is
/// compiled again from its definition and stored.
/// </summary>
internal sealed class WorkflowPlans(WorkflowCompiler compiler)
{
    /// <summary>How many versions' plans stay in memory (they are small; the map is emptied when it grows past this).</summary>
    const int CacheSize = 5_000;

    readonly ConcurrentDictionary<(Guid Workflow, int Version), WorkflowPlan> _cache = new();

    /// <summary>Compiles a workflow's current definition; throws <see cref="InvalidWorkflowException"/> listing every problem.</summary>
    public WorkflowPlan Compile(WorkflowRecord workflow)
    {
        var compiled = compiler.Compile(new WorkflowDraft(workflow.TriggerType, workflow.TriggerConfig, workflow.Nodes, workflow.Edges, workflow.Steps));
        return compiled.Plan ?? throw new InvalidWorkflowException(
            $"Workflow {workflow.Id} is not valid: {string.Join("; ", compiled.Errors.Select(e => $"{e.Path}: {e.Message}"))}");
    }

    /// <summary>Stores the plan of a version just saved (in the saving transaction), and remembers it.</summary>
    public async Task SaveAsync(DatabaseTransaction transaction, WorkflowRecord workflow, WorkflowPlan plan, CancellationToken cancellationToken)
    {
        await WorkflowVersionRepository.SaveAsync(
            transaction,
            new WorkflowVersionRepository.SavedVersion(
                workflow.Id, workflow.Version, workflow.OrganizationId, workflow.TriggerType, workflow.TriggerConfig, workflow.Nodes, workflow.Edges,
                workflow.Steps, WorkflowPlanJson.ToJson(plan), WorkflowPlan.Format),
            cancellationToken);
        Remember(workflow.Id, workflow.Version, plan);
    }

    /// <summary>The plan of <paramref name="workflow"/> as it is now (its current version). Throws <see cref="InvalidWorkflowException"/>.</summary>
    public async Task<WorkflowPlan> ForAsync(DatabaseTransaction transaction, WorkflowRecord workflow, CancellationToken cancellationToken)
    {
        if (await StoredAsync(transaction, workflow.Id, workflow.Version, cancellationToken) is { } stored)
        {
            return stored;
        }

        var plan = Compile(workflow);
        await SaveAsync(transaction, workflow, plan, cancellationToken);
        return plan;
    }

    /// <summary>
    /// The plan of version <paramref name="version"/> of a workflow, or null when that version was never stored (saved
    /// before plans were). Throws <see cref="InvalidWorkflowException"/> when a stored definition no longer compiles.
    /// </summary>
    public async Task<WorkflowPlan?> ForVersionAsync(DatabaseTransaction transaction, Guid workflowId, int version, CancellationToken cancellationToken)
    {
        if (await StoredAsync(transaction, workflowId, version, cancellationToken) is { } stored)
        {
            return stored;
        }

        if (await WorkflowVersionRepository.GetAsync(transaction, workflowId, version, cancellationToken) is not { } saved)
        {
            return null;
        }

        var compiled = compiler.Compile(new WorkflowDraft(saved.TriggerType, saved.TriggerConfig, saved.Nodes, saved.Edges, saved.Steps));
        var plan = compiled.Plan ?? throw new InvalidWorkflowException(
            $"Version {version} of workflow {workflowId} no longer compiles: {string.Join("; ", compiled.Errors.Select(e => $"{e.Path}: {e.Message}"))}");
        await WorkflowVersionRepository.SaveAsync(transaction, saved with { Plan = WorkflowPlanJson.ToJson(plan), PlanFormat = WorkflowPlan.Format }, cancellationToken);
        Remember(workflowId, version, plan);
        return plan;
    }

    async Task<WorkflowPlan?> StoredAsync(DatabaseTransaction transaction, Guid workflowId, int version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((workflowId, version), out var cached))
        {
            return cached;
        }

        if (await WorkflowVersionRepository.PlanAsync(transaction, workflowId, version, cancellationToken) is not ({ } json, WorkflowPlan.Format))
        {
            return null;
        }

        try
        {
            var plan = WorkflowPlanJson.FromJson(json);
            Remember(workflowId, version, plan);
            return plan;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Unreadable as a plan of this format: compiled again from the version's definition.
            return null;
        }
    }

    void Remember(Guid workflowId, int version, WorkflowPlan plan)
    {
        if (_cache.Count >= CacheSize)
        {
            _cache.Clear();
        }

        _cache[(workflowId, version)] = plan;
    }
}
