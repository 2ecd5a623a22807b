namespace Fixlify.Engine;

/// <summary>A stored workflow that no longer compiles (saved before a rule tightened): it cannot be started.</summary>
internal sealed class InvalidWorkflowException : Exception
{
    public InvalidWorkflowException(string message)
        : base(message)
    {
    }

    public InvalidWorkflowException()
    {
    }

    public InvalidWorkflowException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
