namespace Fixlify.Workflows;

/// <summary>
/// The variables a workflow's conditions and templates may use: <c>trigger.*</c>, <c>workflow</c>,
/// <c>execution</c>, the business records its trigger provides (with their columns), <c>steps.&lt;id&gt;</c>
/// outputs, loop variables and saved API responses.
/// </summary>
internal sealed class ContextSchema
{
    /// <summary>The columns of each record as the context holds it (the table's row; secrets left out), from <see cref="ContextRecords"/>.</summary>
    public static IReadOnlyDictionary<string, string[]> RecordFields { get; } =
        ContextRecords.All.ToDictionary(r => r.Name, r => r.Fields.Select(f => f.Name).ToArray(), StringComparer.Ordinal);

    static readonly string[] FreeRoots = ["trigger", "loop"];
    static readonly Dictionary<string, string[]> FixedRoots = new()
    {
        ["workflow"] = ["id", "name", "version"],
        ["execution"] = ["id"],
    };

    /// <summary>Every name the engine itself puts at the top of a context: a workflow cannot bind its own over them.</summary>
    public static IReadOnlySet<string> EngineRoots { get; } =
        new HashSet<string>([.. FreeRoots, .. FixedRoots.Keys, "steps", "technicians", .. RecordFields.Keys], StringComparer.Ordinal);

    readonly HashSet<string> _records;
    readonly HashSet<string> _names;
    readonly HashSet<string> _steps;

    ContextSchema(IEnumerable<string> records, IEnumerable<string> names, IEnumerable<string> steps)
    {
        _records = [.. records];
        _names = [.. names];
        _steps = [.. steps];
    }

    /// <summary>The schema of a workflow started by <paramref name="trigger"/>.</summary>
    public static ContextSchema For(TriggerType trigger) => new(["organization", .. trigger.Records], [], []);

    /// <summary>Adds names bound by the workflow itself (loop variables, saved responses) and its step ids.</summary>
    public ContextSchema With(IEnumerable<string> names, IEnumerable<string> steps) =>
        new(_records, _names.Concat(names), _steps.Concat(steps));

    /// <summary>Null when <paramref name="path"/> (e.g. <c>client.first_name</c>, <c>steps.fetch.body.items[0]</c>) can exist; else why not.</summary>
    public string? Explain(string path)
    {
        var segments = Segments(path);
        if (segments.Count == 0)
        {
            return "Choose a field from the list: this one cannot be read.";
        }

        var root = segments[0];
        if (FreeRoots.Contains(root) || _names.Contains(root))
        {
            return null;
        }

        if (root == "technicians" && _records.Contains("technicians"))
        {
            return null;
        }

        if (FixedRoots.TryGetValue(root, out var fixedFields))
        {
            return segments.Count == 1 || fixedFields.Contains(segments[1]) ? null : $"The automation has no “{PlainText.Words(segments[1])}”: choose a field from the list.";
        }

        if (root == "steps")
        {
            return segments.Count < 2 || _steps.Contains(segments[1]) ? null : "This uses the result of a step that is not in the automation: choose a field from the list.";
        }

        if (RecordFields.TryGetValue(root, out var fields))
        {
            if (!_records.Contains(root))
            {
                var provided = _records.Where(r => r != "organization" && ContextRecords.Label(r) is not null).Order(StringComparer.Ordinal)
                    .Select(r => $"a {ContextRecords.Label(r)!.ToLowerInvariant()}").ToList();
                var missing = ContextRecords.Label(root)?.ToLowerInvariant() ?? root;
                return provided.Count == 0
                    ? $"This automation has no {missing}: choose a field from the list."
                    : $"This automation has no {missing}: it starts with {PlainText.List(provided, "and")}. Choose a field of those.";
            }

            return segments.Count == 1 || fields.Contains(segments[1])
                ? null
                : $"{ContextRecords.Label(root)} has no “{PlainText.Words(segments[1])}”: choose a field from the list.";
        }

        return "This is not a field the automation has: choose one from the list.";
    }

    /// <summary><c>steps.fetch.items[0].name</c> → steps, fetch, items, name.</summary>
    public static IReadOnlyList<string> Segments(string path) =>
        [.. path.Split('.', StringSplitOptions.TrimEntries)
            .Select(s => s.IndexOf('[', StringComparison.Ordinal) is var i and >= 0 ? s[..i] : s)
            .Where(s => s.Length > 0)];

    /// <summary>
    /// The variables this schema offers a template, for the builder's autocomplete: each record's columns
    /// (<c>client.first_name</c>), <c>workflow.*</c>, <c>execution.id</c>, <c>trigger</c> and, for schedules, <c>technicians</c>.
    /// Step outputs and loop variables come from the workflow itself.
    /// </summary>
    public IEnumerable<string> Paths()
    {
        foreach (var record in _records.Where(RecordFields.ContainsKey).Order(StringComparer.Ordinal))
        {
            foreach (var field in RecordFields[record])
            {
                yield return $"{record}.{field}";
            }
        }

        if (_records.Contains("technicians"))
        {
            yield return "technicians";
        }

        foreach (var (root, fields) in FixedRoots)
        {
            foreach (var field in fields)
            {
                yield return $"{root}.{field}";
            }
        }

        yield return "trigger.data";
    }
}
