using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>Runs an active workflow now, by hand, on the context the caller gives (the records it names).</summary>
internal sealed class StartWorkflowRun(TenantDatabase database, ExecutionStarter starter)
{
    /// <param name="Context">The run's values (<c>{"jobId": "…"}</c>); null for none.</param>
    /// <param name="Subject">Who runs it (the token's subject), and <paramref name="Name"/> their name when the token gives one.</param>
    /// <param name="Confirmed">The caller confirmed the run: it sends real messages to real people (ADR 0017).</param>
    internal sealed record Request(Guid OrganizationId, Guid WorkflowId, JsonNode? Context, string Subject, string? Name, bool Confirmed);

    internal abstract record Result
    {
        internal sealed record Started(Guid ExecutionId) : Result;

        internal sealed record NotFound : Result;

        internal sealed record Inactive(string Name) : Result;

        /// <summary>Not started: the caller has not confirmed that real messages may go out.</summary>
        internal sealed record NotConfirmed(string Name) : Result;

        /// <summary>The workflow's saved definition no longer compiles (<see cref="Reason"/>).</summary>
        internal sealed record CannotRun(string Name, string Reason) : Result;
    }

    public async Task<Result> ExecuteAsync(Request request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        WorkflowRecord? workflow;
        await using (var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken))
        {
            workflow = await WorkflowRepository.GetAsync(transaction, request.WorkflowId, cancellationToken);
        }

        if (workflow is null)
        {
            return new Result.NotFound();
        }

        if (!workflow.IsActive)
        {
            return new Result.Inactive(workflow.Name);
        }

        if (!request.Confirmed)
        {
            return new Result.NotConfirmed(workflow.Name);
        }

        var trigger = ExecutionContextBuilder.ManualTrigger(request.Subject, request.Context, request.Name);
        try
        {
            var started = await starter.StartAsync(
                client,
                new ExecutionStarter.StartRequest(request.OrganizationId, workflow, workflow.TriggerType, trigger, EventId: null, ChainDepth: 0),
                cancellationToken);
            await using (var audit = await database.BeginAsync(request.OrganizationId, cancellationToken))
            {
                await AuditTrail.RecordAsync(
                    audit,
                    request.OrganizationId,
                    new Actor(request.Subject, request.Name),
                    new AuditTrail.Change(AuditAction.WorkflowRun, workflow.Id, started.ExecutionId, workflow.Name),
                    cancellationToken);
                await audit.CommitAsync(cancellationToken);
            }

            return new Result.Started(started.ExecutionId);
        }
        catch (InvalidWorkflowException e)
        {
            return new Result.CannotRun(workflow.Name, e.Message);
        }
    }
}
