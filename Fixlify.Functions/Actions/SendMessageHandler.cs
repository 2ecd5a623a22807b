using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>
/// <c>send_message</c>: one message over the first channel that can carry it, in the order given (e.g. push, then SMS,
/// then email), each channel with its own settings. A channel that is unavailable — no push subscription, opted out, no
/// phone or email, a permanent failure — passes to the next. Each channel's delivery is its own (<c>&lt;step&gt;/sms</c>),
/// so a retried step never sends twice on a channel; the output says which channel delivered.
/// </summary>
public sealed class SendMessageHandler(SendPushNotificationHandler push, SendSmsHandler sms, SendEmailHandler email) : IActionHandler
{
    public static readonly IReadOnlyList<string> Channels = ["push", "sms", "email"];

    public string ActionType => "send_message";

    public RetrySettings DefaultRetry { get; } = new(5, TimeSpan.FromSeconds(15), 2, TimeSpan.FromMinutes(5));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown(["channels", .. Channels]);
        var listed = new List<string>();
        if (validation.Config["channels"] is not JsonArray channels || channels.Count == 0)
        {
            validation.Error("channels", $"List the channels to try, in order, e.g. [\"push\", \"sms\", \"email\"] (from {string.Join(", ", Channels)}).");
        }
        else
        {
            for (var i = 0; i < channels.Count; i++)
            {
                var name = channels[i] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
                if (name is null || !Channels.Contains(name))
                {
                    validation.Error($"channels[{i}]", $"Unknown channel '{channels[i]?.ToJsonString()}': use {string.Join(", ", Channels)}.");
                }
                else if (listed.Contains(name))
                {
                    validation.Error($"channels[{i}]", $"'{name}' is listed twice.");
                }
                else
                {
                    listed.Add(name);
                }
            }
        }

        foreach (var channel in Channels)
        {
            var section = validation.Section(channel, required: listed.Contains(channel));
            if (section is null)
            {
                continue;
            }

            if (!listed.Contains(channel))
            {
                validation.Error(channel, $"'{channel}' is not in channels, so these settings would never be used.");
                continue;
            }

            Handler(channel).Validate(validation.Nested(channel, section));
        }
    }

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var tried = new JsonArray();
        var failed = false;
        var channels = ((JsonArray)request.Config["channels"]!).Select(c => c!.GetValue<string>()).ToList();
        foreach (var channel in channels)
        {
            var config = (JsonObject)request.Config[channel]!;
            var key = $"{request.StepKey}/{channel}";
            ActionOutcome outcome;
            try
            {
                outcome = channel switch
                {
                    "push" => await push.SendAsync(request, config, key, ActionContext.RecordId(request.Context, "client"), cancellationToken),
                    "sms" => await sms.SendAsync(request, config, key, cancellationToken),
                    _ => await email.SendAsync(request, config, key, cancellationToken),
                };
            }
            catch (PermanentActionException e)
            {
                failed = true;
                tried.Add(new JsonObject { ["channel"] = channel, ["status"] = "failed", ["reason"] = e.Message });
                continue;
            }

            switch (outcome.Status)
            {
                case "completed":
                    var output = outcome.Output?.DeepClone() as JsonObject ?? [];
                    output["channel"] = channel;
                    output["tried"] = tried;
                    return ActionOutcome.Completed(output, $"sent by {channel}" + (tried.Count > 0 ? $" after {string.Join(", ", tried.Select(t => t!["channel"]))}" : ""));
                case "deferred":
                    return outcome;
                default:
                    tried.Add(new JsonObject { ["channel"] = channel, ["status"] = outcome.Status, ["reason"] = outcome.Summary });
                    break;
            }
        }

        var reasons = string.Join("; ", tried.Select(t => $"{t!["channel"]}: {t["reason"]}"));
        if (failed)
        {
            throw new PermanentActionException($"send_message: no channel could deliver ({reasons}).");
        }

        return new ActionOutcome("suppressed", new JsonObject { ["reason"] = $"no channel could deliver ({reasons})", ["tried"] = tried }, $"no channel could deliver ({reasons})");
    }

    /// <summary>The channel that would deliver at <paramref name="at"/>, in the order given, and why the ones before it would not.</summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var tried = new JsonArray();
        var failed = false;
        var channels = ((JsonArray)request.Config["channels"]!).Select(c => c!.GetValue<string>()).ToList();
        foreach (var channel in channels)
        {
            var config = (JsonObject)request.Config[channel]!;
            var key = $"{request.StepKey}/{channel}";
            ActionPreview preview;
            try
            {
                preview = channel switch
                {
                    "push" => await push.PreviewAsync(request, config, key, ActionContext.RecordId(request.Context, "client"), at, cancellationToken),
                    "sms" => await sms.PreviewAsync(request, config, key, at, cancellationToken),
                    _ => await email.PreviewAsync(request, config, key, at, cancellationToken),
                };
            }
            catch (PermanentActionException e)
            {
                failed = true;
                tried.Add(new JsonObject { ["channel"] = channel, ["status"] = "failed", ["reason"] = e.Message });
                continue;
            }

            switch (preview.Status)
            {
                case ActionPreview.WouldRunStatus:
                    var output = preview.Output?.DeepClone() as JsonObject ?? [];
                    output["channel"] = channel;
                    output["tried"] = tried.DeepClone();
                    return preview with { Rendered = new JsonObject { ["channel"] = channel, ["tried"] = tried, ["message"] = preview.Rendered }, Output = output };
                case "deferred":
                    return preview with { Rendered = new JsonObject { ["channel"] = channel, ["tried"] = tried, ["message"] = preview.Rendered } };
                default:
                    tried.Add(new JsonObject { ["channel"] = channel, ["status"] = preview.Status, ["reason"] = preview.Reason });
                    break;
            }
        }

        var reasons = string.Join("; ", tried.Select(t => $"{t!["channel"]}: {t["reason"]}"));
        if (failed)
        {
            throw new PermanentActionException($"send_message: no channel could deliver ({reasons}).");
        }

        return ActionPreview.Suppressed(new JsonObject { ["tried"] = tried }, $"no channel could deliver ({reasons})");
    }

    IActionHandler Handler(string channel) => channel switch
    {
        "push" => push,
        "sms" => sms,
        _ => email,
    };
}
