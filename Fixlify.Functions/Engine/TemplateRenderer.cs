using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Fixlify.Actions;
using Fluid;

namespace Fixlify.Engine;

/// <summary>Renders the Liquid templates in a step's config against the execution's context (in activities only).</summary>
public sealed class TemplateRenderer
{
    static readonly FluidParser Parser = new();
    readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);
    readonly TemplateOptions _options = CreateOptions();

    /// <summary>
    /// Liquid prints a number read from JSON as Fluid does (<c>150.0</c>); money wants two decimals, so templates write
    /// <c>{{ invoice.total | money }}</c> → <c>150.00</c>.
    /// </summary>
    static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MaxSteps = 100_000 };
        options.Filters.AddFilter("money", (input, _, _) =>
            ValueTask.FromResult<Fluid.Values.FluidValue>(new Fluid.Values.StringValue(
                input.ToNumberValue().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        return options;
    }

    /// <summary>Whether <paramref name="text"/> holds Liquid (an output or a tag); plain text is used as it is.</summary>
    public static bool IsTemplate(string text) => Workflows.TemplateVariables.IsTemplate(text);

    public async ValueTask<string> RenderAsync(string template, JsonObject context)
    {
        if (!IsTemplate(template))
        {
            return template;
        }

        return await Parse(template).RenderAsync(new TemplateContext(context, _options));
    }

    IFluidTemplate Parse(string template) =>
        _cache.GetOrAdd(template, t => Parser.TryParse(t, out var result, out var error)
            ? result
            : throw new PermanentActionException($"The template does not parse: {error}"));

    /// <summary>Renders a template whose output is HTML: the values it inserts are HTML-encoded.</summary>
    public async ValueTask<string> RenderHtmlAsync(string template, JsonObject context)
    {
        if (!IsTemplate(template))
        {
            return template;
        }

        return await Parse(template).RenderAsync(new TemplateContext(context, _options), HtmlEncoder.Default);
    }

    /// <summary>Renders a config value that may be a template; null when the config does not have it.</summary>
    public async ValueTask<string?> RenderFieldAsync(JsonObject config, string field, JsonObject context) =>
        config[field] is JsonValue value && value.TryGetValue<string>(out var text) ? await RenderAsync(text, context) : null;

    /// <summary>Renders every string inside a JSON value (a webhook payload, API call body), keeping its shape.</summary>
    public async ValueTask<JsonNode?> RenderJsonAsync(JsonNode? node, JsonObject context)
    {
        switch (node)
        {
            case JsonObject obj:
                var rendered = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    rendered[key] = await RenderJsonAsync(value, context);
                }

                return rendered;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(await RenderJsonAsync(item, context));
                }

                return items;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(await RenderAsync(text, context));
            default:
                return node?.DeepClone();
        }
    }
}
