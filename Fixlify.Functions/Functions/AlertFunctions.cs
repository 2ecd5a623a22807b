using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class AlertFunctions(AlertsApi api)
{
    [Function("GetAlertSettings")]
    public Task<IResult> GetSettings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings/alerts")] HttpRequest request) =>
        api.GetSettingsAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("PutAlertSettings")]
    public Task<IResult> PutSettings([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "settings/alerts")] HttpRequest request) =>
        api.PutSettingsAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("GetAttention")]
    public Task<IResult> GetAttention([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "attention")] HttpRequest request) =>
        api.GetAttentionAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("ResendInDoubt")]
    public Task<IResult> Resend([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "attention/in-doubt/{id}/resend")] HttpRequest request, string id) =>
        api.ResendAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("DismissInDoubt")]
    public Task<IResult> Dismiss([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "attention/in-doubt/{id}/dismiss")] HttpRequest request, string id) =>
        api.DismissAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("DismissWorkflowFailures")]
    public Task<IResult> DismissFailures([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "attention/workflows/{id}/dismiss")] HttpRequest request, string id) =>
        api.DismissFailuresAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("MuteWorkflowAlerts")]
    public Task<IResult> Mute([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "workflows/{id}/alerts/mute")] HttpRequest request, string id) =>
        api.MuteAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("UnmuteWorkflowAlerts")]
    public Task<IResult> Unmute([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "workflows/{id}/alerts/mute")] HttpRequest request, string id) =>
        api.UnmuteAsync(request.HttpContext, id, request.HttpContext.RequestAborted);
}
