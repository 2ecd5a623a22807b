namespace Fixlify.Data;

/// <summary>Who makes a change: the token's subject, and the person's name when the token gives one.</summary>
internal sealed record Actor(string Subject, string? Name)
{
    /// <summary>How a person reads who it was: their name, else the subject.</summary>
    public string Display => string.IsNullOrWhiteSpace(Name) ? Subject : Name;
}
