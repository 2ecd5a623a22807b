using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>The registered action handlers, by action type.</summary>
internal sealed class ActionHandlers(IEnumerable<IActionHandler> handlers) : IActionTypes
{
    readonly Dictionary<string, IActionHandler> _byType = handlers.ToDictionary(h => h.ActionType, StringComparer.Ordinal);

    public IEnumerable<string> Types => _byType.Keys.Order(StringComparer.Ordinal);

    public IActionHandler? Find(string? actionType) => actionType is not null && _byType.TryGetValue(actionType, out var handler) ? handler : null;

    IActionType? IActionTypes.Find(string? actionType) => Find(actionType);

    public IActionHandler Get(string actionType) =>
        Find(actionType) ?? throw new PermanentActionException($"No handler for action type '{actionType}'.");
}
