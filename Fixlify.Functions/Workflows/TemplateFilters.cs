namespace Fixlify.Workflows;

/// <summary>A Liquid filter a template may use, with what it does.</summary>
internal sealed record TemplateFilter(string Name, string Description);

/// <summary>
/// The Liquid filters and tags templates may use: Fluid's standard set, this app's <c>money</c> and <c>currency</c>, and <c>date</c>,
/// <c>format_date</c> and <c>time_zone</c> reworked to write dates in the recipient's time zone. Anything else is refused
/// when a workflow is saved (<see cref="TemplateVariables"/>); the renderer registers exactly these filters (a test
/// checks both lists agree), and the builder's catalog publishes them.
/// </summary>
internal static class TemplateFilters
{
    public static IReadOnlyList<TemplateFilter> All { get; } =
    [
        // Dates and times, in the recipient client's time zone, else the organization's.
        new("date", "strftime format (Ruby's directives) in the recipient's time zone: '%a %-I:%M %p %Z' → Tue 2:00 PM EST; %Z is the zone's abbreviation"),
        new("format_date", ".NET date format in the recipient's time zone: 'dddd d MMMM' → Tuesday 10 March"),
        new("time_zone", "the moment in another IANA zone for the filters after it: time_zone: 'America/Chicago' | date: '%H:%M %Z'"),
        // Numbers and money.
        new("currency", "money in the organization's currency: 1250 → $1,250.00 (its currency_code; USD by default)"),
        new("money", "two decimals: 150 → 150.00"),
        new("abs", "absolute value"),
        new("at_least", "the larger of the value and the argument"),
        new("at_most", "the smaller of the value and the argument"),
        new("ceil", "rounds up"),
        new("floor", "rounds down"),
        new("round", "rounds (to the argument's number of decimals)"),
        new("plus", "adds"),
        new("minus", "subtracts"),
        new("times", "multiplies"),
        new("divided_by", "divides"),
        new("modulo", "remainder"),
        new("format_number", ".NET number format: '#,##0.00'"),
        // Text.
        new("append", "adds text at the end"),
        new("prepend", "adds text at the start"),
        new("capitalize", "first letter upper case"),
        new("downcase", "lower case"),
        new("upcase", "upper case"),
        new("strip", "removes surrounding whitespace"),
        new("lstrip", "removes leading whitespace"),
        new("rstrip", "removes trailing whitespace"),
        new("strip_newlines", "removes line breaks"),
        new("newline_to_br", "line breaks to <br />"),
        new("strip_html", "removes HTML tags"),
        new("escape", "HTML-encodes"),
        new("escape_once", "HTML-encodes, leaving entities already encoded"),
        new("truncate", "cuts to a number of characters, with an ellipsis"),
        new("truncatewords", "cuts to a number of words, with an ellipsis"),
        new("replace", "replaces every occurrence"),
        new("replace_first", "replaces the first occurrence"),
        new("replace_last", "replaces the last occurrence"),
        new("remove", "removes every occurrence"),
        new("remove_first", "removes the first occurrence"),
        new("remove_last", "removes the last occurrence"),
        new("slice", "a part of a text or list, by start and length"),
        new("split", "a text into a list, at a separator"),
        new("format_string", ".NET composite format: '{0} of {1}'"),
        new("handle", "a URL-safe handle: 'Kitchen Sink' → kitchen-sink"),
        new("handleize", "the same as handle"),
        new("url_encode", "percent-encodes for a URL"),
        new("url_decode", "decodes percent-encoding"),
        new("base64_encode", "base64"),
        new("base64_decode", "from base64"),
        new("base64_url_safe_encode", "base64url"),
        new("base64_url_safe_decode", "from base64url"),
        new("md5", "MD5 hex digest"),
        new("sha1", "SHA-1 hex digest"),
        new("sha256", "SHA-256 hex digest"),
        new("hmac_sha1", "HMAC-SHA1 hex digest with the argument as key"),
        new("hmac_sha256", "HMAC-SHA256 hex digest with the argument as key"),
        // Lists.
        new("join", "a list as text, with a separator"),
        new("first", "the first item"),
        new("last", "the last item"),
        new("size", "number of items or characters"),
        new("concat", "two lists as one"),
        new("map", "a property of every item"),
        new("where", "the items whose property equals a value"),
        new("reject", "the items whose property does not equal a value"),
        new("find", "the first item whose property equals a value"),
        new("find_index", "the position of that item"),
        new("has", "whether an item's property equals a value"),
        new("sort", "sorted (by a property)"),
        new("sort_natural", "sorted, ignoring case"),
        new("reverse", "in reverse order"),
        new("uniq", "without repeats"),
        new("compact", "without nulls"),
        new("sum", "the sum of the items (or of a property)"),
        // Values.
        new("default", "the argument when the value is nil, false or empty"),
        new("json", "the value as JSON"),
        new("raw", "the value unencoded (HTML bodies encode inserted values otherwise)"),
    ];

    /// <summary>The filter a money chip uses: <c>{{ invoice.total | currency }}</c>.</summary>
    public const string MoneyFilter = "currency";

    /// <summary>The formats a date or time chip may use (<c>| date: "…"</c>), friendliest first; a new datetime chip takes the first.</summary>
    public static IReadOnlyList<DateFormat> DateFormats { get; } =
    [
        new("%A, %B %-d at %-I:%M %p", "Tuesday, December 8 at 10:00 AM", [FieldKind.Datetime]),
        new("%A, %B %-d", "Tuesday, December 8", [FieldKind.Datetime, FieldKind.Date]),
        new("%B %-d, %Y", "December 8, 2026", [FieldKind.Datetime, FieldKind.Date]),
        new("%-I:%M %p", "10:00 AM", [FieldKind.Datetime]),
    ];

    /// <summary>The tags a template may use (with their inner forms: elsif/else, when, break/continue, end…).</summary>
    public static IReadOnlyList<string> Tags { get; } =
        ["if", "unless", "case", "for", "tablerow", "cycle", "assign", "capture", "increment", "decrement", "echo", "liquid", "raw", "comment", "ifchanged"];

    static readonly HashSet<string> Names = [.. All.Select(f => f.Name)];

    public static bool IsKnown(string name) => Names.Contains(name);
}
