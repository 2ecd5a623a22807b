using Fixlify.Data;
using Fixlify.Engine;

namespace Fixlify.Actions;

/// <summary>The transaction an action's own writes run in.</summary>
internal static class ExecutionWrites
{
    /// <summary>
    /// A transaction of the execution's organization whose writes carry the execution as their origin, one automation
    /// deeper than the event that started it (the capture trigger records both: the chain-depth limit reads them).
    /// </summary>
    public static Task<DatabaseTransaction> BeginForAsync(this TenantDatabase database, ActionRequest request, CancellationToken cancellationToken) =>
        database.BeginAsync(request.OrganizationId, request.ExecutionId.ToString(), request.ChainDepth + 1, cancellationToken);
}
