using Fixlify.Channels;
using Microsoft.Extensions.Logging;

namespace Fixlify.Application;

static partial class Log
{
    // Kept their numbers from when the API logged them (1xxx), so a log query on them still finds them.
    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Text from {From} went to execution {ExecutionId}, waiting at step {StepKey}")]
    public static partial void ReplyRouted(ILogger logger, string from, Guid executionId, string stepKey);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Text from {From} ({Clients} client(s) with that number): no execution waits for a reply from it; kept briefly for a wait about to start")]
    public static partial void ReplyNotAwaited(ILogger logger, string from, int clients);

    // Kept its number from when it was logged by Channels (4xxx), so a log query on it still finds it.
    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Inbound SMS keyword from {From}: {Action} ({Clients} client(s))")]
    public static partial void SmsKeyword(ILogger logger, string action, MaskedPhone from, int clients);

    [LoggerMessage(EventId = 1090, Level = LogLevel.Information, Message = "Client {ClientId} of organization {OrganizationId} erased: {Executions} executions ({Cancelled} cancelled), {Rows} rows masked or deleted, {Histories} orchestration histories purged")]
    public static partial void ClientErased(ILogger logger, Guid clientId, Guid organizationId, int executions, int cancelled, int rows, int histories);

    [LoggerMessage(EventId = 1250, Level = LogLevel.Warning, Message = "Provider {Provider} of organization {OrganizationId} stopped answering ({Cause}): its circuit is open and its messages are held")]
    public static partial void CircuitOpened(ILogger logger, string provider, Guid organizationId, string cause);

    [LoggerMessage(EventId = 1251, Level = LogLevel.Information, Message = "Provider {Provider} of organization {OrganizationId} answers again: its circuit is closed and {Held} held step(s) go out")]
    public static partial void CircuitClosed(ILogger logger, string provider, Guid organizationId, int held);

    [LoggerMessage(EventId = 1252, Level = LogLevel.Warning, Message = "The outage of {Provider} (organization {OrganizationId}) could not be told: {Error}")]
    public static partial void OutageNotTold(ILogger logger, string provider, Guid organizationId, string error);
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Alert {AlertId} ({Part}) sent by {Channel}")]
    public static partial void AlertSent(ILogger logger, Guid alertId, string part, string channel);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Alert {AlertId} ({Part}) could not be sent by {Channel}: {Reason}; it is not alerted about")]
    public static partial void AlertNotSent(ILogger logger, Guid alertId, string part, string channel, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The office alerts could not be told or sent: {Reason}")]
    public static partial void AlertsFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "In-doubt delivery {DeliveryId}: {Decision}")]
    public static partial void InDoubtDecided(ILogger logger, Guid deliveryId, string decision);
}
