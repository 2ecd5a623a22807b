using Microsoft.Extensions.Logging;

namespace Fixlify.Api;

/// <summary>The erasure's log message (event id 1090), beside the area's <c>Log.cs</c>.</summary>
static partial class Log
{
    [LoggerMessage(EventId = 1090, Level = LogLevel.Information, Message = "Client {ClientId} of organization {OrganizationId} erased: {Executions} executions ({Cancelled} cancelled), {Rows} rows masked or deleted, {Histories} orchestration histories purged")]
    public static partial void ClientErased(ILogger logger, Guid clientId, Guid organizationId, int executions, int cancelled, int rows, int histories);
}
