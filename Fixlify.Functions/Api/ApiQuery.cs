using System.Globalization;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>A request's query string, checked against its route's parameters, then read typed.</summary>
internal static class ApiQuery
{
    /// <summary>Every unknown parameter and every bad value, each naming what is allowed.</summary>
    public static IReadOnlyList<FieldError> Check(HttpRequest request, ApiRoute route)
    {
        var errors = new List<FieldError>();
        foreach (var (name, values) in request.Query)
        {
            var parameter = route.Query.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
            {
                errors.Add(new FieldError(name, route.Query.Count == 0
                    ? $"Unknown query parameter '{name}': {route.Method} {route.Path} takes none."
                    : $"Unknown query parameter '{name}': use {string.Join(", ", route.Query.Select(p => p.Name))}."));
                continue;
            }

            if (values.Count > 1)
            {
                errors.Add(new FieldError(name, $"Give '{name}' once."));
                continue;
            }

            if (Problem(parameter, values.ToString()) is { } problem)
            {
                errors.Add(new FieldError(name, problem));
            }
        }

        return errors;
    }

    static string? Problem(ApiParameter parameter, string value) => parameter.Type switch
    {
        _ when parameter.Allowed is { } allowed && !allowed.Contains(value) => $"'{value}' is not allowed: use {string.Join(", ", allowed)}.",
        "uuid" when !Guid.TryParse(value, out _) => $"'{value}' is not a UUID.",
        "date-time" when !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) => $"'{value}' is not an ISO-8601 date and time.",
        "boolean" when !bool.TryParse(value, out _) => $"'{value}' is not true or false.",
        "integer" when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            || number < (parameter.Minimum ?? int.MinValue) || number > (parameter.Maximum ?? int.MaxValue)
            => $"'{value}' is not a whole number from {parameter.Minimum} to {parameter.Maximum}.",
        _ => null,
    };

    public static string? Text(HttpRequest request, string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public static Guid? Id(HttpRequest request, string name) => Guid.TryParse(Text(request, name), out var id) ? id : null;

    public static bool? Flag(HttpRequest request, string name) => bool.TryParse(Text(request, name), out var flag) ? flag : null;

    public static int? Number(HttpRequest request, string name) =>
        int.TryParse(Text(request, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>
    /// The period of <c>from</c> and <c>to</c> (instants with an offset): <c>to</c> defaults to now, <c>from</c> to
    /// <paramref name="defaultLength"/> before it; an empty period is a problem naming <c>from</c>, in words.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To, IResult? Problem) Period(HttpRequest request, TimeProvider clock, TimeSpan defaultLength)
    {
        var to = Instant(request, "to") ?? clock.GetUtcNow();
        var from = Instant(request, "from") ?? to - defaultLength;
        return from < to ? (from, to, null) : (from, to, Problems.BadRequest("The period is empty: its start must come before its end.", "from"));
    }

    public static DateTimeOffset? Instant(HttpRequest request, string name) =>
        DateTimeOffset.TryParse(Text(request, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant.ToUniversalTime() : null;
}
