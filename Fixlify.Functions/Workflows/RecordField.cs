using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>One value of a closed set with its label: <c>("partially_paid", "Partly paid")</c>.</summary>
internal sealed record FieldChoice(string Value, string Label);

/// <summary>
/// A field of a record (<c>invoice.status</c>) or of a step's output (<c>steps.reply.intent</c>) in words: its label, its
/// kind, its choices when it holds one of a known set, whether a person never picks it (<see cref="Hidden"/>: ids and
/// internals), and the record an id points to (<see cref="Refers"/>).
/// </summary>
internal sealed record RecordField(string Name, string Label, FieldKind Kind, IReadOnlyList<FieldChoice>? Choices = null, bool Hidden = false, string? Refers = null)
{
    /// <summary>The kind as the catalog writes it: <c>long_text</c>, <c>datetime</c>.</summary>
    public static string KindName(FieldKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    /// <summary>The field as the catalog lists it; <paramref name="prefix"/> (<c>invoice</c>) gives it its <c>path</c>.</summary>
    public JsonObject ToJson(string? prefix = null)
    {
        var json = new JsonObject { ["name"] = Name };
        if (prefix is not null)
        {
            json["path"] = $"{prefix}.{Name}";
        }

        json["label"] = Label;
        json["kind"] = KindName(Kind);
        if (Choices is not null)
        {
            json["choices"] = new JsonArray([.. Choices.Select(c => (JsonNode?)new JsonObject { ["value"] = c.Value, ["label"] = c.Label })]);
        }

        if (Hidden)
        {
            json["hidden"] = true;
        }

        if (Refers is not null)
        {
            json["refers"] = Refers;
        }

        return json;
    }
}
