using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// The office alerts (ADR 0018): who is told (<c>/api/settings/alerts</c>), what needs attention now
/// (<c>/api/attention</c>), the decision on a send in doubt, and a workflow's alerts muted or its failures dismissed.
/// </summary>
internal sealed class AlertsApi(TenantDatabase database, SaveAlertSettings save, ListNeedsAttention attention, DecideInDoubt decide, WorkflowAlerts workflows)
{
    /// <summary><c>GET /api/settings/alerts</c>.</summary>
    public async Task<IResult> GetSettingsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        await using var transaction = await database.BeginReadOnlyAsync(identity.OrganizationId, cancellationToken);
        return Results.Ok(Json(await AlertSettingsRepository.LoadAsync(transaction, identity.OrganizationId, cancellationToken)));
    }

    /// <summary><c>PUT /api/settings/alerts</c>: 200 with the settings as saved, or 400 naming each wrong field.</summary>
    public async Task<IResult> PutSettingsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var body = request!.Body;
        var errors = request.UnknownFields(
            key => $"Unknown field '{key}': give emails, phones, inApp, periodMinutes and resendInDoubt.", "emails", "phones", "inApp", "periodMinutes", "resendInDoubt");
        var emails = Texts(body, "emails", "email addresses", errors);
        var phones = Texts(body, "phones", "phone numbers", errors);
        var resend = Texts(body, "resendInDoubt", "channels (email, sms)", errors);
        bool? inApp = null;
        if (body["inApp"] is { } inAppNode)
        {
            if (inAppNode is JsonValue v && v.TryGetValue<bool>(out var flag))
            {
                inApp = flag;
            }
            else
            {
                errors.Add(new FieldError("inApp", "Say true or false: whether the web app shows what needs attention."));
            }
        }

        int? period = null;
        if (body["periodMinutes"] is { } periodNode)
        {
            if (periodNode is JsonValue v && v.TryGetValue<int>(out var minutes))
            {
                period = minutes;
            }
            else
            {
                errors.Add(new FieldError("periodMinutes", "Give a whole number of minutes, e.g. 60 for an hour."));
            }
        }

        var result = await save.ExecuteAsync(
            new SaveAlertSettings.Request(request.Identity.OrganizationId, emails, phones, inApp, period, resend, errors, request.Identity.Actor), cancellationToken);
        return result is SaveAlertSettings.Result.Saved saved
            ? Results.Ok(Json(saved.Settings))
            : Problems.Validation(((SaveAlertSettings.Result.Invalid)result).Errors, "The alert settings were not saved.");
    }

    /// <summary><c>GET /api/attention</c>.</summary>
    public async Task<IResult> GetAttentionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var found = await attention.ExecuteAsync(identity.OrganizationId, cancellationToken);
        return Results.Ok(new JsonObject
        {
            ["inApp"] = found.InApp,
            ["failing"] = new JsonArray([.. found.Failing.Select(f => (JsonNode)new JsonObject
            {
                ["workflowId"] = f.Alert.WorkflowId, ["workflowName"] = f.Alert.WorkflowName, ["failures"] = f.Alert.Failures,
                ["firstAt"] = f.Alert.FirstAt, ["lastAt"] = f.Alert.LastAt, ["cause"] = f.Words.Cause, ["advice"] = f.Words.Advice,
                ["executionId"] = f.Alert.ExecutionId, ["mutedUntil"] = f.Alert.MutedUntil,
            })]),
            ["outages"] = new JsonArray([.. found.Outages.Select(o => (JsonNode)new JsonObject
            {
                ["id"] = o.Id, ["provider"] = o.Provider, ["words"] = o.Words ?? "", ["waiting"] = o.Waiting ?? 0, ["since"] = o.Since,
            })]),
            ["inDoubt"] = new JsonArray([.. found.InDoubt.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id, ["channel"] = d.Channel, ["executionId"] = d.ExecutionId, ["workflowId"] = d.WorkflowId, ["workflowName"] = d.WorkflowName,
                ["claimedAt"] = d.ClaimedAt, ["to"] = d.Message?["to"]?.ToString(), ["subject"] = d.Message?["subject"]?.ToString(),
                ["text"] = d.Message?["text"]?.ToString(), ["canResend"] = d.Message?["mime"] is not null || d.Message?["number"] is not null,
            })]),
        });
    }

    /// <summary><c>POST /api/attention/in-doubt/{id}/resend</c>: 200 with a sentence; 404 when it is not (any more) in doubt; 502 when the provider did not take it.</summary>
    public async Task<IResult> ResendAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotInDoubt);
        return problem ?? Answer(await decide.ResendAsync(request!.Identity.OrganizationId, request.Id, cancellationToken), id);
    }

    /// <summary><c>POST /api/attention/in-doubt/{id}/dismiss</c>.</summary>
    public async Task<IResult> DismissAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotInDoubt);
        return problem ?? Answer(await decide.DismissAsync(request!.Identity.OrganizationId, request.Id, cancellationToken), id);
    }

    /// <summary><c>PUT /api/workflows/{id}/alerts/mute</c> <c>{minutes}</c>: nobody is told of its failures until then.</summary>
    public async Task<IResult> MuteAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, WorkflowNotFound, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = request!.UnknownFields(key => $"Unknown field '{key}': give minutes.", "minutes");
        var minutes = request.Body["minutes"] is JsonValue m && m.TryGetValue<int>(out var given) ? given : 0;
        if (minutes < 1 || minutes > WorkflowAlerts.MaxMuteMinutes)
        {
            errors.Add(new FieldError("minutes", "Mute for between 1 minute and a week (10,080 minutes)."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var until = await workflows.MuteAsync(request.Identity.OrganizationId, request.Id, minutes, cancellationToken);
        return until is null ? WorkflowNotFound(id) : Results.Ok(new JsonObject { ["workflowId"] = request.Id, ["mutedUntil"] = until });
    }

    /// <summary><c>DELETE /api/workflows/{id}/alerts/mute</c>: 204.</summary>
    public async Task<IResult> UnmuteAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, WorkflowNotFound);
        if (problem is not null)
        {
            return problem;
        }

        await workflows.UnmuteAsync(request!.Identity.OrganizationId, request.Id, cancellationToken);
        return Results.NoContent();
    }

    /// <summary><c>POST /api/attention/workflows/{id}/dismiss</c>: its failures leave the list; 204, or 404 when none were listed.</summary>
    public async Task<IResult> DismissFailuresAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, WorkflowNotFound);
        if (problem is not null)
        {
            return problem;
        }

        return await workflows.DismissAsync(request!.Identity.OrganizationId, request.Id, cancellationToken) ? Results.NoContent() : WorkflowNotFound(id);
    }

    static IResult Answer(DecideInDoubt.Result result, string id) => result switch
    {
        DecideInDoubt.Result.Done done => Results.Ok(new JsonObject { ["summary"] = done.Summary }),
        DecideInDoubt.Result.Failed failed => Problems.Problem(502, "Not sent", failed.Reason, "https://fixlify.dev/problems/provider"),
        _ => NotInDoubt(id),
    };

    static IResult NotInDoubt(string id) => Problems.NotFound($"No message waits for a decision under {id}: it was decided already, or never was in doubt.");

    static IResult WorkflowNotFound(string id) => Problems.NotFound($"There is no workflow {id}.");

    static JsonObject Json(AlertSettingsRepository.AlertSettings settings) => new()
    {
        ["emails"] = new JsonArray([.. settings.Emails.Select(e => (JsonNode?)e)]),
        ["phones"] = new JsonArray([.. settings.Phones.Select(p => (JsonNode?)p)]),
        ["inApp"] = settings.InApp,
        ["periodMinutes"] = settings.PeriodMinutes,
        ["resendInDoubt"] = new JsonArray([.. settings.ResendInDoubt.Select(c => (JsonNode?)c)]),
    };

    /// <summary>A list of texts in the body (absent: null, unchanged), each wrong one named.</summary>
    static List<string>? Texts(JsonObject body, string field, string what, List<FieldError> errors)
    {
        if (body[field] is not { } node)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            errors.Add(new FieldError(field, $"Give a list of {what}."));
            return null;
        }

        var texts = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var text))
            {
                texts.Add(text);
            }
            else
            {
                errors.Add(new FieldError($"{field}[{i}]", $"Each entry is text: one of the {what}."));
            }
        }

        return texts;
    }
}
