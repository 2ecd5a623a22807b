using System.Net;
using System.Net.Sockets;
using Fixlify.Channels;
using Fixlify.Engine;

namespace Fixlify.Actions;

/// <summary>
/// Which failures of a send are the provider's (unreachable, 5xx, 429, timeouts, a refused login), counted by its circuit
/// (ADR 0019), and which are the message's own (a refused address, an opted-out number, a bad template), which end the
/// step as before.
/// </summary>
internal static class ProviderFailures
{
    /// <summary>What the provider did, in words ("is not answering"); null when the failure is the message's own.</summary>
    public static string? Cause(Exception failure) => failure switch
    {
        ChannelRefusedException or PermanentActionException or DestinationRefusedException or ProviderHeldException => null,
        TransientHttpException { Status: HttpStatusCode.TooManyRequests } => "asks to slow down (HTTP 429)",
        TransientHttpException { Status: HttpStatusCode.RequestTimeout } => "is not answering in time",
        TransientHttpException { Status: { } failed } => $"answers with an error (HTTP {(int)failed})",
        TransientHttpException => "is not answering",
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => "asks to slow down (HTTP 429)",
        HttpRequestException { StatusCode: HttpStatusCode.RequestTimeout } => "is not answering in time",
        HttpRequestException { StatusCode: { } status } when (int)status >= 500 => $"answers with an error (HTTP {(int)status})",
        HttpRequestException { StatusCode: { } } => null,
        TimeoutException or TaskCanceledException => "is not answering in time",
        IOException { InnerException: MailKit.Security.AuthenticationException } => "does not accept the login (check the SMTP settings)",
        IOException { InnerException: MailKit.Net.Smtp.SmtpCommandException } => "puts messages off",
        SocketException or IOException or HttpRequestException or MailKit.ProtocolException => "is not answering",
        _ => null,
    };
}
