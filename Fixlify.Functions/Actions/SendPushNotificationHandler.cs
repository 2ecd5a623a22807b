using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;

namespace Fixlify.Actions;

/// <summary>
/// <c>send_push_notification</c>: title, body and URL (templates) to every push subscription stored for a user
/// (<c>userId</c>, a template such as <c>{{ technician.user_id }}</c>). A subscription the push service says is gone
/// (404/410) is deleted. No subscription at all: the step is suppressed.
/// </summary>
internal sealed class SendPushNotificationHandler(
    ChannelDelivery delivery, WebPushSender sender, TenantDatabase database, TemplateRenderer templates, ILogger<SendPushNotificationHandler> logger) : IActionHandler
{
    public string ActionType => "send_push_notification";

    public ActionWords Words { get; } = new(
        "Send an app notification", "Sends a notification to a team member's devices that have the app.", "notify a team member",
        [new("userId", "Team member", FieldKind.Id, Hidden: true), new("delivered", "Devices reached", FieldKind.Number),
         new("removed", "Expired devices removed", FieldKind.Number, Hidden: true), new("failed", "Devices that failed", FieldKind.Number, Hidden: true)]);

    public RetrySettings DefaultRetry { get; } = new(4, TimeSpan.FromSeconds(15), 2, TimeSpan.FromMinutes(5));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("userId", "title", "body", "url");
        validation.Words("url", "Link", "The page it opens: a web address, or a page of the app such as /jobs.");
        validation.Describe("userId", ActionConfigValidation.IdOrTemplateKeywords());
        validation.Describe("url", new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["pattern"] = "^(/|https?://)" }, new JsonObject { ["pattern"] = @"\{[{%]" }),
            ["examples"] = new JsonArray("/jobs"),
        });
        if (validation.Template("userId", required: true) is { } user && !TemplateRenderer.IsTemplate(user) && !Guid.TryParse(user, out _))
        {
            validation.Error("userId", "Choose the team member to notify: this value is not one.");
        }

        validation.Template("title", required: true);
        validation.Template("body", required: false);
        if (validation.Template("url", required: false) is { } url && !TemplateRenderer.IsTemplate(url)
            && !url.StartsWith('/') && !(Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp)))
        {
            validation.Error("url", "This is not a link: use a web address, or a page of the app such as /jobs.");
        }
    }

    public Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Config, request.StepKey, clientId: null, cancellationToken);

    public Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken) =>
        PreviewAsync(request, request.Config, request.StepKey, clientId: null, at, cancellationToken);

    /// <summary>The notification <paramref name="config"/> describes, and the devices it would reach at <paramref name="at"/>.</summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, JsonObject config, string stepKey, Guid? clientId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (userId, notification) = await RenderAsync(config, request.Context);
        var rendered = new JsonObject
        {
            ["channel"] = MessageChannel.Push.Name(), ["userId"] = userId.ToString(),
            ["recipients"] = new JsonObject { ["to"] = new JsonArray("the team member's devices with the app"), ["cc"] = new JsonArray() },
        };
        foreach (var (name, value) in notification)
        {
            rendered[name] = value?.DeepClone();
        }

        List<StoredPushSubscription> subscriptions = [];
        var check = await delivery.PreviewAsync(
            new DeliveryRequest(request, stepKey, MessageChannel.Push, null, clientId) { Precheck = Subscriptions(userId, subscriptions) }, at, cancellationToken);
        if (check.Verdict is { } verdict)
        {
            return ActionPreview.From(verdict, rendered);
        }

        rendered["devices"] = subscriptions.Count;
        return ActionPreview.WouldRun(rendered, new JsonObject { ["userId"] = userId.ToString(), ["delivered"] = subscriptions.Count, ["removed"] = 0, ["failed"] = 0 });
    }

    /// <summary>The user and the notification (title, body, url), rendered and checked.</summary>
    async Task<(Guid UserId, JsonObject Notification)> RenderAsync(JsonObject config, JsonObject context)
    {
        var userText = (await templates.RenderFieldAsync(config, "userId", context))?.Trim();
        if (string.IsNullOrEmpty(userText))
        {
            throw new PermanentActionException("send_push_notification: 'userId' rendered empty: there is no user to notify.");
        }

        if (!Guid.TryParse(userText, out var userId))
        {
            throw new PermanentActionException($"send_push_notification: 'userId' is not a user id: '{userText}'.");
        }

        // A user, not a client, reads it: dates and times in the organization's time zone.
        var zone = TemplateRenderer.KnownZone(context["organization"]?["time_zone"]?.ToString());
        var title = (await templates.RenderFieldAsync(config, "title", context, zone))?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            throw new PermanentActionException("send_push_notification: 'title' rendered empty.");
        }

        return (userId, new JsonObject
        {
            ["title"] = title,
            ["body"] = (await templates.RenderFieldAsync(config, "body", context, zone))?.Trim(),
            ["url"] = (await templates.RenderFieldAsync(config, "url", context, zone))?.Trim(),
        });
    }

    /// <summary>The check inside the delivery: the user's subscriptions, read into <paramref name="found"/>; none: suppressed.</summary>
    static Func<DeliveryTarget, DatabaseTransaction, CancellationToken, Task<ActionOutcome?>> Subscriptions(Guid userId, List<StoredPushSubscription> found) =>
        async (_, transaction, cancellationToken) =>
        {
            found.Clear();
            found.AddRange((await PushSubscriptions.OfUserAsync(transaction, userId, cancellationToken))
                .Select(s => new StoredPushSubscription(s.Id, s.Endpoint, s.P256dh, s.Auth)));
            return found.Count == 0 ? ActionOutcome.Suppressed("no push subscription") : null;
        };

    /// <summary>Sends the notification <paramref name="config"/> describes, recorded under <paramref name="stepKey"/>.</summary>
    /// <param name="clientId">The client the notification is about, when it counts against that client's daily cap.</param>
    public async Task<ActionOutcome> SendAsync(ActionRequest request, JsonObject config, string stepKey, Guid? clientId, CancellationToken cancellationToken)
    {
        var (userId, notification) = await RenderAsync(config, request.Context);
        var payload = notification.ToJsonString();
        List<StoredPushSubscription> subscriptions = [];
        Guid[] gone = [];
        try
        {
            return await delivery.DeliverAsync(
                new DeliveryRequest(request, stepKey, MessageChannel.Push, null, clientId) { Precheck = Subscriptions(userId, subscriptions) },
                async (_, ct) =>
                {
                    var answers = new List<(StoredPushSubscription Subscription, ProviderAnswer Answer)>();
                    foreach (var subscription in subscriptions)
                    {
                        answers.Add((subscription, await ChannelRefusals.PermanentAsync(sender.SendAsync(subscription, payload, ct))));
                    }

                    gone = [.. answers.Where(a => a.Answer is ProviderAnswer.AddressGone).Select(a => a.Subscription.Id)];
                    var delivered = answers.Count(a => a.Answer is ProviderAnswer.Accepted);
                    var failures = answers.Select(a => a.Answer).OfType<ProviderAnswer.Failed>().ToList();
                    var output = new JsonObject
                    {
                        ["userId"] = userId.ToString(),
                        ["delivered"] = delivered,
                        ["removed"] = gone.Length,
                        ["failed"] = failures.Count,
                    };
                    if (delivered > 0)
                    {
                        return ChannelSendResult.Sent(delivered.ToString(System.Globalization.CultureInfo.InvariantCulture), output, $"push sent to {delivered} device(s)");
                    }

                    if (failures.Any(f => f.Transient))
                    {
                        throw new IOException($"send_push_notification: the push service did not take the notification ({failures.First(f => f.Transient).Error}); it will be tried again.");
                    }

                    if (failures.Count > 0)
                    {
                        throw new PermanentActionException($"send_push_notification: the push service refused the notification ({failures[0].Error}).");
                    }

                    output["reason"] = "no push subscription: every stored subscription had expired and was removed";
                    return ChannelSendResult.NotDelivered(output["reason"]!.GetValue<string>(), output);
                },
                cancellationToken);
        }
        finally
        {
            // After the delivery is recorded (or given back): a failure here must not undo a recorded send.
            if (gone.Length > 0)
            {
                await RemoveAsync(request, gone);
            }
        }
    }

    /// <summary>Forgets the subscriptions the push service says are gone; the next send tries again if this fails.</summary>
    async Task RemoveAsync(ActionRequest request, Guid[] gone)
    {
        try
        {
            await using var transaction = await database.BeginForAsync(request, CancellationToken.None);
            await PushSubscriptions.RemoveAsync(transaction, gone, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // Best effort: the subscriptions stay, and the push service says 410 again next time.
            Channels.Log.PushCleanupFailed(logger, e, gone.Length);
        }
    }
}
