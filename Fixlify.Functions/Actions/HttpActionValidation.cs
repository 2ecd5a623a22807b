using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fixlify.Channels;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>Config checks shared by the actions that call out over HTTP (webhook, api_call).</summary>
internal static partial class HttpActionValidation
{
    /// <summary>
    /// An absolute http(s) URL without credentials, or a template that renders to one. A literal URL whose host is an
    /// internal IP address is refused now; host names are checked when the request is made.
    /// </summary>
    public static string? HttpUrl(this ActionConfigValidation validation, string field)
    {
        validation.Describe(field, new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["pattern"] = "^https?://[^/@\\s]+" }, new JsonObject { ["pattern"] = "\\{[{%]" }),
            ["examples"] = new JsonArray("https://example.com/hooks/fixlify"),
        });
        var text = validation.Template(field, required: true);
        if (text is null)
        {
            return null;
        }

        var brace = text.IndexOf('{', StringComparison.Ordinal);
        if (TemplateRenderer.IsTemplate(text))
        {
            // The fixed start of a templated URL still shows its scheme.
            var fixedPart = text[..brace];
            var scheme = fixedPart.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0 && fixedPart[..scheme] is not ("http" or "https"))
            {
                validation.Error(field, "Use a web address that starts with https:// or http://.");
            }

            return text;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url))
        {
            validation.Error(field, "Enter a full web address, such as https://example.com/hook.");
            return null;
        }

        if (GuardedHttpClient.UrlProblem(url) is { } problem)
        {
            validation.Error(field, char.ToUpperInvariant(problem[0]) + problem[1..] + ".");
            return null;
        }

        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && AddressPolicy.Refusal(address, allowLoopback: true) is { } refusal)
        {
            validation.Error(field, $"{address} is {refusal}: requests to internal addresses are refused.");
            return null;
        }

        return text;
    }

    /// <summary>Header name → value template. Names must be HTTP tokens and not among <paramref name="reserved"/>.</summary>
    public static void Headers(this ActionConfigValidation validation, string field, Func<string, bool> reserved)
    {
        validation.Describe(field, new JsonObject
        {
            ["propertyNames"] = new JsonObject { ["pattern"] = HeaderName().ToString() },
            ["additionalProperties"] = new JsonObject { ["type"] = "string", ["x-liquid"] = true },
        });
        if (validation.Section(field, required: false) is not { } headers)
        {
            return;
        }

        foreach (var (name, value) in headers)
        {
            var path = $"{field}.{name}";
            if (!HeaderName().IsMatch(name))
            {
                validation.Error(path, "This header's name cannot be used: use letters, digits and dashes.");
            }
            else if (reserved(name))
            {
                validation.Error(path, $"The step sets {name} itself: remove this header.");
            }
            else if (value is not JsonValue text || !text.TryGetValue<string>(out var template))
            {
                validation.Error(path, "Enter the header's value as text.");
            }
            else if (TemplateVariables.Check(template, validation.Schema) is { } problem)
            {
                validation.Error(path, problem);
            }
        }
    }

    /// <summary>Any JSON; every string inside it is a template and must be one that parses and uses known variables.</summary>
    public static void JsonTemplates(this ActionConfigValidation validation, string field)
    {
        validation.Describe(field, new JsonObject { ["x-liquid"] = true, ["description"] = "Any JSON; every string in it is a Liquid template." });
        if (validation.Config[field] is { } node)
        {
            Walk(validation, node, field);
        }
    }

    /// <summary>A name for the step's output in the context: lower-case, and not one the engine already uses.</summary>
    public static string? SaveAs(this ActionConfigValidation validation, string field)
    {
        var name = validation.Text(field, required: false);
        validation.Describe(field, new JsonObject
        {
            ["pattern"] = SaveAsName().ToString(), ["examples"] = new JsonArray("quote"),
            ["not"] = new JsonObject { ["enum"] = new JsonArray([.. ContextSchema.EngineRoots.Order(StringComparer.Ordinal).Select(r => (JsonNode?)r)]) },
        });
        if (name is null)
        {
            return null;
        }

        if (!SaveAsName().IsMatch(name))
        {
            validation.Error(field, "Use a short lower-case name of letters and digits, such as quote or weather.");
            return null;
        }

        if (ContextSchema.EngineRoots.Contains(name))
        {
            validation.Error(field, "This name is already used by the automation: choose another name.");
            return null;
        }

        return name;
    }

    /// <summary>An ISO-8601 duration from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static TimeSpan? Timeout(this ActionConfigValidation validation, string field, TimeSpan min, TimeSpan max)
    {
        var value = validation.Duration(field, required: false);
        validation.Describe(field, new JsonObject
        {
            ["description"] = $"From {PlainText.Duration(min)} to {PlainText.Duration(max)}.", ["examples"] = new JsonArray(IsoDuration.Format(min < TimeSpan.FromSeconds(30) && max >= TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : min)),
        });
        if (value is { } timeout && (timeout < min || timeout > max))
        {
            validation.Error(field, $"Choose from {PlainText.Duration(min)} to {PlainText.Duration(max)}.");
            return null;
        }

        return value;
    }

    static void Walk(ActionConfigValidation validation, JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is not null)
                    {
                        Walk(validation, value, $"{path}.{key}");
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        Walk(validation, item, $"{path}[{i}]");
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var template) && TemplateVariables.Check(template, validation.Schema) is { } problem:
                validation.Error(path, problem);
                break;
        }
    }

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,39}$")]
    private static partial Regex SaveAsName();
}
