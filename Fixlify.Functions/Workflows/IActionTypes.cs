namespace Fixlify.Workflows;

/// <summary>The action types a definition may use (the engine's registered handlers), by name.</summary>
internal interface IActionTypes
{
    /// <summary>The names, in ordinal order.</summary>
    IEnumerable<string> Types { get; }

    /// <summary>The type named <paramref name="actionType"/>, or null when there is none.</summary>
    IActionType? Find(string? actionType);
}
