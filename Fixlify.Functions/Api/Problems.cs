using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>RFC 7807 problem details for every error the API returns.</summary>
internal static class Problems
{
    public static IResult Unauthorized(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail, "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.2");

    /// <summary>403: the caller's role may not make the request; <paramref name="detail"/> names the role needed.</summary>
    public static IResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "Not allowed for your role", detail, "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.4");

    public static IResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "Not found", detail, "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.5");

    public static IResult PayloadTooLarge(long maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is over {maxBytes / 1024} KiB.", "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.14");

    public static IResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", detail, "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.10");

    public static IResult BadRequest(string detail, string path) =>
        Validation([new FieldError(path, detail)], detail);

    /// <summary>400 listing every problem found, each with the field it concerns.</summary>
    public static IResult Validation(IReadOnlyCollection<FieldError> errors, string? detail = null) =>
        Problem(
            StatusCodes.Status400BadRequest,
            "Some settings need a fix",
            detail ?? (errors.Count == 1 ? errors.First().Message : $"{errors.Count} problems were found."),
            "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
            new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult ServerError(string traceId) =>
        Problem(
            StatusCodes.Status500InternalServerError,
            "Unexpected error",
            "The server could not complete the request. Quote the trace id when reporting it.",
            "https://datatracker.ietf.org/doc/html/rfc9110#section-15.6.1",
            new Dictionary<string, object?> { ["traceId"] = traceId });

    public static IResult Problem(int status, string title, string detail, string type, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);
}
