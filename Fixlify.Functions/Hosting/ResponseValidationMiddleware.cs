using Fixlify.Api;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary>
/// With <c>Api:ValidateResponses</c> on (the test fixtures turn it on; ADR 0016): every API response's status and JSON body
/// is checked against its operation in the OpenAPI document (<see cref="ApiResponseContract"/>). A response that does not
/// match is logged and replaced by a 500 problem naming the operation, the JSON path and the mismatch, so the API or browser
/// test that caused it fails there instead of the web app breaking later. The live stream is passed through unbuffered.
/// </summary>
internal sealed class ResponseValidationMiddleware(RequestDelegate next, ApiResponseContract contract, ILogger<ResponseValidationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<ApiRoute>();
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || route?.ContentType is not null || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        buffer.Position = 0;
        string body;
        using (var reader = new StreamReader(buffer, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var status = context.Response.StatusCode;
        var mismatches = contract.Check(route?.Name, status, body);
        if (mismatches.Count == 0)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
            return;
        }

        var operation = route?.Name ?? $"{context.Request.Method} {context.Request.Path} (no route)";
        var detail = string.Join("; ", mismatches.Select(m => $"{m.Path}: {m.Message}"));
        Log.ResponseBreaksContract(logger, operation, status, detail);
        if (context.Response.HasStarted)
        {
            context.Abort(); // too late for a problem: the client sees the request fail
            return;
        }

        context.Response.Clear();
        await Problems.Problem(
            StatusCodes.Status500InternalServerError,
            "The response does not match the API's contract",
            $"{operation} answered {status}, which the OpenAPI document does not allow: {detail}",
            "https://fixlify.local/problems/response-contract",
            new Dictionary<string, object?> { ["operation"] = operation, ["errors"] = mismatches }).ExecuteAsync(context);
    }
}
