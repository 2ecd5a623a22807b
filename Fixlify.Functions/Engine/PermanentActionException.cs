namespace Fixlify.Engine;

/// <summary>An action failed in a way no retry can fix (bad address, 4xx, missing record): the step fails at once.</summary>
internal sealed class PermanentActionException : Exception
{
    public PermanentActionException(string message)
        : base(message)
    {
    }

    public PermanentActionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PermanentActionException()
    {
    }
}
