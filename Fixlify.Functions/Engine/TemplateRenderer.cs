using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Filters;
using Fluid.Values;
using NodaTime;

namespace Fixlify.Engine;

/// <summary>
/// Renders the Liquid templates in a step's config against the execution's context (in activities only). Dates and
/// times are written in a time zone: the one the caller names (a message's recipient), else the context's
/// <c>client.time_zone</c>, else its <c>organization.time_zone</c>, else UTC; a template may choose another with the
/// <c>time_zone</c> filter. Only the filters of <see cref="Workflows.TemplateFilters"/> exist: any other fails the render
/// (and is refused when the workflow is saved).
/// </summary>
internal sealed class TemplateRenderer
{
    const string ZoneKey = "fixlify.time_zone";
    const string CurrencyKey = "fixlify.currency";

    /// <summary>The currency of an organization that has not set one.</summary>
    public const string DefaultCurrency = "USD";

    static readonly ConcurrentDictionary<(string Currency, string? Country), NumberFormatInfo> CurrencyFormats = new();

    static readonly FluidParser Parser = new();
    readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);
    readonly TemplateOptions _options = CreateOptions();

    static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MaxSteps = 100_000, StrictFilters = true };
        // Liquid prints a number read from JSON as Fluid does (150.0); money wants two decimals: 150.00.
        options.Filters.AddFilter("money", (input, _, _) =>
            ValueTask.FromResult<FluidValue>(new StringValue(input.ToNumberValue().ToString("0.00", CultureInfo.InvariantCulture))));
        options.Filters.AddFilter("currency", Currency);
        options.Filters.AddFilter("date", Date);
        options.Filters.AddFilter("format_date", FormatDate);
        options.Filters.AddFilter("time_zone", ChangeTimeZone);
        return options;
    }

    /// <summary>The filters a template may use: Fluid's standard ones and this app's (<c>money</c>), as registered.</summary>
    public IEnumerable<string> FilterNames => _options.Filters.Select(f => f.Key);

    /// <summary>Whether <paramref name="text"/> holds Liquid (an output or a tag); plain text is used as it is.</summary>
    public static bool IsTemplate(string text) => Workflows.TemplateVariables.IsTemplate(text);

    /// <summary>The first of <paramref name="ids"/> that is a time zone of the IANA (TZDB) database; null when none is.</summary>
    public static string? KnownZone(params string?[] ids) =>
        ids.FirstOrDefault(id => !string.IsNullOrWhiteSpace(id) && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null);

    /// <param name="timeZone">The zone dates and times are written in (IANA id); null or unknown: the context's client's, else its organization's.</param>
    /// <exception cref="PermanentActionException">The template does not parse, or uses a filter that does not exist.</exception>
    public async ValueTask<string> RenderAsync(string template, JsonObject context, string? timeZone = null)
    {
        if (!IsTemplate(template))
        {
            return template;
        }

        return await RenderAsync(template, context, timeZone, encoder: null);
    }

    /// <summary>Renders a template whose output is HTML: the values it inserts are HTML-encoded.</summary>
    public async ValueTask<string> RenderHtmlAsync(string template, JsonObject context, string? timeZone = null)
    {
        if (!IsTemplate(template))
        {
            return template;
        }

        return await RenderAsync(template, context, timeZone, HtmlEncoder.Default);
    }

    async ValueTask<string> RenderAsync(string template, JsonObject context, string? timeZone, TextEncoder? encoder)
    {
        var parsed = Parse(template);
        var zone = KnownZone(timeZone, context["client"]?["time_zone"]?.ToString(), context["organization"]?["time_zone"]?.ToString()) ?? "UTC";
        var templateContext = new TemplateContext(context, _options)
        {
            // Fluid reads a date written without an offset (a due date) in this zone.
            TimeZone = TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var system) ? system : TimeZoneInfo.Utc,
        };
        templateContext.AmbientValues[ZoneKey] = DateTimeZoneProviders.Tzdb[zone];
        templateContext.AmbientValues[CurrencyKey] = CurrencyFormat(
            context["organization"]?["currency_code"]?.ToString() is { Length: 3 } code ? code.ToUpperInvariant() : DefaultCurrency,
            context["organization"]?["country_code"]?.ToString()?.ToUpperInvariant());
        try
        {
            return encoder is null ? await parsed.RenderAsync(templateContext) : await parsed.RenderAsync(templateContext, encoder);
        }
        catch (FluidException e)
        {
            throw new PermanentActionException($"The template cannot be rendered: {e.Message}");
        }
    }

    IFluidTemplate Parse(string template) =>
        _cache.GetOrAdd(template, t => Parser.TryParse(t, out var result, out var error)
            ? result
            : throw new PermanentActionException($"The template does not parse: {error}"));

    /// <summary>Renders a config value that may be a template; null when the config does not have it.</summary>
    public async ValueTask<string?> RenderFieldAsync(JsonObject config, string field, JsonObject context, string? timeZone = null) =>
        config[field] is JsonValue value && value.TryGetValue<string>(out var text) ? await RenderAsync(text, context, timeZone) : null;

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

    /// <summary>
    /// <c>date</c>: Fluid's strftime formatting (Ruby's directives), of the moment in the template's zone, where <c>%Z</c>
    /// is the zone's abbreviation at that moment from the TZDB (<c>EST</c>, <c>EDT</c>; a numeric one such as <c>-03</c>
    /// where the database has no letters).
    /// </summary>
    static ValueTask<FluidValue> Date(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (Moment(input, context) is not { } moment)
        {
            return NilValue.Instance;
        }

        if (arguments.At(0).IsNil())
        {
            return moment;
        }

        var format = WithZoneNames(arguments.At(0).ToStringValue(), moment.Abbreviation);
        return MiscFilters.Date(new DateTimeValue(moment.Local), new FilterArguments(new StringValue(format)), context);
    }

    /// <summary>
    /// <c>currency</c>: the amount in the organization's currency, written as a person of its country writes it (USD in the
    /// US: $1,250.00; EUR in Germany: 1.250,00 €); nothing for an empty value, so <c>| default:</c> can stand in.
    /// </summary>
    static ValueTask<FluidValue> Currency(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.IsNil() || (input.Type == FluidValues.String && string.IsNullOrWhiteSpace(input.ToStringValue())))
        {
            return NilValue.Instance;
        }

        var format = context.AmbientValues.TryGetValue(CurrencyKey, out var ambient) && ambient is NumberFormatInfo f ? f : CurrencyFormat(DefaultCurrency, null);
        return new StringValue(input.ToNumberValue().ToString("C", format));
    }

    /// <summary>
    /// How amounts in <paramref name="currency"/> (ISO 4217) are written: by a culture of <paramref name="country"/> that uses
    /// it (its own language first, then English: de-DE, en-GB), else an English one that does, else any; a currency no
    /// culture uses keeps its code as the symbol.
    /// </summary>
    public static NumberFormatInfo CurrencyFormat(string currency, string? country) => CurrencyFormats.GetOrAdd((currency, country), key =>
    {
        var users = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(c => c.Name.Length > 0 && Region(c)?.ISOCurrencySymbol == key.Currency)
            .OrderBy(c => (Region(c)?.TwoLetterISORegionName == key.Country ? 0 : 3)
                + (string.Equals(c.TwoLetterISOLanguageName, key.Country, StringComparison.OrdinalIgnoreCase) ? 0 : c.TwoLetterISOLanguageName == "en" ? 1 : 2))
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        if (users.FirstOrDefault() is { } culture)
        {
            return culture.NumberFormat;
        }

        var fallback = (NumberFormatInfo)CultureInfo.GetCultureInfo("en-US").NumberFormat.Clone();
        fallback.CurrencySymbol = key.Currency + "\u00a0";
        return NumberFormatInfo.ReadOnly(fallback);
    });

    static RegionInfo? Region(CultureInfo culture)
    {
        try
        {
            return new RegionInfo(culture.Name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary><c>format_date</c>: .NET's date format of the moment in the template's zone.</summary>
    static ValueTask<FluidValue> FormatDate(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        Moment(input, context) is { } moment ? MiscFilters.FormatDate(new DateTimeValue(moment.Local), arguments, context) : NilValue.Instance;

    /// <summary>
    /// <c>time_zone: 'America/Chicago'</c>: the moment in that zone for the filters after it (<c>date</c>, <c>%Z</c>);
    /// <c>'local'</c>, or a zone the TZDB does not know, keeps the template's zone.
    /// </summary>
    static ValueTask<FluidValue> ChangeTimeZone(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (Moment(input, context) is not { } moment)
        {
            return NilValue.Instance;
        }

        var id = arguments.At(0).ToStringValue();
        var zone = string.Equals(id, "local", StringComparison.OrdinalIgnoreCase) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
        return zone is null ? moment : ZonedDateTimeValue.At(moment.Local, zone);
    }

    /// <summary>The input as a moment in a zone: as a <c>time_zone</c> filter left it, else in the template's zone.</summary>
    static ZonedDateTimeValue? Moment(FluidValue input, TemplateContext context)
    {
        if (input is ZonedDateTimeValue zoned)
        {
            return zoned;
        }

        if (!input.TryGetDateTimeInput(context, out var value))
        {
            return null;
        }

        var zone = context.AmbientValues.TryGetValue(ZoneKey, out var ambient) && ambient is DateTimeZone z ? z : DateTimeZone.Utc;
        return ZonedDateTimeValue.At(value, zone);
    }

    /// <summary>A strftime format with <c>%Z</c> (and the <c>%Z</c> inside <c>%+</c>) replaced by the zone's abbreviation.</summary>
    static string WithZoneNames(string format, string abbreviation)
    {
        var result = new StringBuilder(format.Length + 8);
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                result.Append(format[i]);
                continue;
            }

            var next = format[i + 1];
            switch (next)
            {
                case '%':
                    result.Append("%%");
                    i++;
                    break;
                case 'Z':
                    result.Append(abbreviation.Replace("%", "%%", StringComparison.Ordinal));
                    i++;
                    break;
                case '+':
                    result.Append("%a %b %e %H:%M:%S ").Append(abbreviation.Replace("%", "%%", StringComparison.Ordinal)).Append(" %Y");
                    i++;
                    break;
                default:
                    result.Append('%');
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>A moment with the zone it is shown in; Liquid sees the local date and time with their offset.</summary>
    sealed class ZonedDateTimeValue(DateTimeOffset local, DateTimeZone zone) : FluidValue
    {
        public DateTimeOffset Local { get; } = local;

        public DateTimeZone Zone { get; } = zone;

        /// <summary>The zone's abbreviation at this moment (<c>EST</c>, <c>EDT</c>).</summary>
        public string Abbreviation => Zone.GetZoneInterval(Instant.FromDateTimeOffset(Local)).Name;

        public static ZonedDateTimeValue At(DateTimeOffset moment, DateTimeZone zone) =>
            new(moment.ToOffset(zone.GetUtcOffset(Instant.FromDateTimeOffset(moment)).ToTimeSpan()), zone);

        public override FluidValues Type => FluidValues.Object;

        public override bool Equals(FluidValue other) => other.ToObjectValue() is DateTimeOffset moment && moment.Equals(Local);

        public override bool ToBooleanValue() => true;

        public override decimal ToNumberValue() => Local.Ticks;

        public override string ToStringValue() => Local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        public override object ToObjectValue() => Local;

        public override bool Equals(object? obj) => obj is ZonedDateTimeValue other && other.Local.Equals(Local);

        public override int GetHashCode() => Local.GetHashCode();
    }
}
