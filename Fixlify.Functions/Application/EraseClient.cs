using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fixlify.Application;

/// <summary>
/// Erasing a client (<c>POST /api/clients/{id}/erase</c>): removes or masks the client's personal data in every automation table and
/// purges the task hub's histories of the client's orchestrations (GDPR art. 17, CCPA). Running executions are cancelled
/// first, saying why. The opt-out of the client's number is kept as a one-way hash, so the number is never texted again.
/// Idempotent: a second call finds nothing left and records that too. The client's business row (name, email, phone) is
/// Fixlify's own to erase; this reads it to know what to look for, so it runs before the row is deleted.
/// </summary>
internal sealed class EraseClient(TenantDatabase database, FinishExecution finish, ILogger<EraseClient> logger)
{
    public const string Reason = "Cancelled: the client's personal data was erased on request.";

    /// <summary>How many captured changes one call turns into events while an erasure empties the organization's pending ones.</summary>
    const int ExpandBatch = 1000;

    /// <summary>What one erasure did: counts, never the data.</summary>
    internal sealed record Result(Guid ClientId, int Executions, int Cancelled, int RowsChanged, int HistoriesPurged);

    /// <param name="by">Who asked: the token's subject is kept in the erasure's record; the audit trail keeps a row.</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid clientId, Actor by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ClientErasure.ClientIdentity? person;
        string? region;
        await using (var read = await database.BeginAsync(organizationId, cancellationToken))
        {
            person = await ClientErasure.FindClientAsync(read, clientId, cancellationToken);
            region = await Organizations.RegionAsync(read, organizationId, cancellationToken);
        }

        var e164 = RecipientAddress.NormalizePhone(person?.Phone, region);
        string[] phones = [.. new[] { e164, person?.Phone }.OfType<string>().Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];
        var fullName = string.Join(' ', new[] { person?.FirstName, person?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        string[] needles = [.. new[] { clientId.ToString(), person?.Email, fullName.Contains(' ', StringComparison.Ordinal) ? fullName : null }
            .Concat(phones)
            .OfType<string>()
            .Where(v => v.Length >= 3)
            .Select(ClientErasure.Contains)];

        List<ClientErasure.ClientExecution> executions;
        await using (var read = await database.BeginAsync(organizationId, cancellationToken))
        {
            executions = await ClientErasure.ExecutionsAsync(read, clientId, needles, cancellationToken);
        }

        // Running ones stop first, saying why, so nothing writes the client's data again behind the masking.
        var cancelled = 0;
        foreach (var running in executions.Where(e => e.Running))
        {
            await client.TerminateInstanceAsync(running.Id.ToString(), Reason, cancellationToken);
            if (await finish.RunAsync(new FinishExecutionInput(running.Id, organizationId, ExecutionStatus.Cancelled, Reason), cancellationToken))
            {
                cancelled++;
            }
        }

        foreach (var running in executions.Where(e => e.Running))
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await client.WaitForInstanceCompletionAsync(running.Id.ToString(), wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still terminating: its history is purged by the retention once it ended.
            }
        }

        int changed;
        await using (var write = await database.BeginAsync(organizationId, cancellationToken))
        {
            // Business writes the relay has not taken yet hold the client's row as captured: turned into their events here,
            // in this transaction, they are masked with the rest (ADR 0013).
            while (await EventOutbox.ExpandChangesAsync(write, ExpandBatch, announce: true, cancellationToken) == ExpandBatch)
            {
            }

            changed = await ClientErasure.MaskAsync(
                write, clientId, [.. executions.Select(e => e.Id)], needles, phones, person?.SmsOptOut == true, cancellationToken);
            await write.CommitAsync(cancellationToken);
        }

        var purged = 0;
        foreach (var execution in executions)
        {
            var result = await client.PurgeInstanceAsync(execution.Id.ToString(), cancellationToken);
            purged += result.PurgedInstanceCount;
        }

        await using (var audit = await database.BeginAsync(organizationId, cancellationToken))
        {
            await ClientErasure.RecordAsync(audit, clientId, by.Subject, executions.Count, cancelled, changed, purged, cancellationToken);
            await AuditTrail.RecordAsync(
                audit, organizationId, by, new AuditTrail.Change(AuditAction.ClientErased, RecordId: clientId, After: $"{executions.Count} executions, {cancelled} cancelled"), cancellationToken);
            await audit.CommitAsync(cancellationToken);
        }

        Log.ClientErased(logger, clientId, organizationId, executions.Count, cancelled, changed, purged);
        return new Result(clientId, executions.Count, cancelled, changed, purged);
    }
}
