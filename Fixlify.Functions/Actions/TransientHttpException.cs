using System.Net;

namespace Fixlify.Actions;

/// <summary>
/// An HTTP action failed in a way a later attempt may not: the peer could not be reached, or answered 408, 429 or 5xx.
/// Retried per the step's settings. (The engine identifies failures by type name; a type of this assembly is
/// found unambiguously, where <see cref="System.Net.Http.HttpRequestException"/> also resolves through netstandard.)
/// </summary>
internal sealed class TransientHttpException : Exception
{
    public TransientHttpException()
    {
    }

    public TransientHttpException(string message)
        : base(message)
    {
    }

    public TransientHttpException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TransientHttpException(string message, HttpStatusCode? status, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
    }

    /// <summary>The peer's answer, when it gave one.</summary>
    public HttpStatusCode? Status { get; }
}
