using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>
/// <c>send_message</c>: one message over the first channel that can carry it, in the order given (e.g. push, then SMS,
/// then email), each channel with its own settings. A channel that is unavailable — no push subscription, opted out, no
/// phone or email, a permanent failure — passes to the next. Each channel's delivery is its own (<c>&lt;step&gt;/sms</c>),
/// so a retried step never sends twice on a channel; the output says which channel delivered.
/// </summary>
internal sealed class SendMessageHandler(SendPushNotificationHandler push, SendSmsHandler sms, SendEmailHandler email) : IActionHandler
{
    /// <summary>The channels' names, as the settings hold them (the list of channels, and one section per channel).</summary>
    static readonly string[] Channels = [.. MessageChannels.All.Select(c => c.Name())];

    public string ActionType => "send_message";

    public ActionWords Words { get; } = new(
        "Send by the best channel", "Tries the channels in your order (app notification, text, email) and stops at the first that delivers.", "message the client",
        [new("channel", "Sent by", FieldKind.Choice, [.. MessageChannels.All.Select(c => new FieldChoice(c.Name(), c.Label()))]),
         new("messageId", "Message id", FieldKind.Id, Hidden: true), new("tried", "Channels tried first", FieldKind.List, Hidden: true)]);

    public RetrySettings DefaultRetry { get; } = new(5, TimeSpan.FromSeconds(15), 2, TimeSpan.FromMinutes(5));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown(["channels", .. Channels]);
        var listed = new List<string>();
        validation.Describe("channels", new JsonObject
        {
            ["type"] = "array", ["minItems"] = 1, ["uniqueItems"] = true,
            ["items"] = new JsonObject { ["enum"] = new JsonArray([.. Channels.Select(c => (JsonNode?)c)]) },
        }, required: true);
        if (validation.Config["channels"] is not JsonArray channels || channels.Count == 0)
        {
            validation.Error("channels", "Choose the channels to try, in order.");
        }
        else
        {
            for (var i = 0; i < channels.Count; i++)
            {
                var name = channels[i] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
                if (name is null || !MessageChannels.TryParse(name, out _))
                {
                    validation.Error($"channels[{i}]", "Choose a channel from the list: app notification, text or email.");
                }
                else if (listed.Contains(name))
                {
                    validation.Error($"channels[{i}]", "This channel is chosen twice.");
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
            validation.Rule(ListedIffConfigured(channel));
            if (section is null)
            {
                continue;
            }

            if (!listed.Contains(channel) && !validation.IsRecording)
            {
                validation.Error(channel, "These settings are for a channel that is not chosen: choose the channel, or remove its settings.");
                continue;
            }

            Handler(channel).Validate(validation.Nested(channel, section));
        }
    }

    /// <summary>What each listed channel's settings read, as that channel's own step would.</summary>
    public IEnumerable<string> Reads(JsonObject config) =>
        Channels.Where(c => config[c] is JsonObject).SelectMany(c => Handler(c).Reads((JsonObject)config[c]!));

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var clientId = ActionContext.RecordId(request.Context, "client");
        var walk = await WalkAsync(
            request,
            (channel, config, key) => channel switch
            {
                MessageChannel.Push => push.SendAsync(request, config, key, clientId, cancellationToken),
                MessageChannel.Sms => sms.SendAsync(request, config, key, cancellationToken),
                _ => email.SendAsync(request, config, key, cancellationToken),
            },
            outcome => outcome.Status is ActionStatus.Completed or ActionStatus.Deferred,
            outcome => (outcome.Status.Text(), outcome.Summary));
        switch (walk.Result)
        {
            case { Status: ActionStatus.Completed } sent:
                var output = sent.Output?.DeepClone() as JsonObject ?? [];
                output["channel"] = walk.Channel?.Name();
                output["tried"] = walk.Tried;
                return ActionOutcome.Completed(
                    output, $"sent by {walk.Channel?.Name()}" + (walk.Tried.Count > 0 ? $" after {string.Join(", ", walk.Tried.Select(t => t!["channel"]))}" : ""));
            case { } deferred:
                return deferred;
            default:
                var reason = walk.NoChannel();
                return new ActionOutcome(ActionStatus.Suppressed, new JsonObject { ["reason"] = reason, ["tried"] = walk.Tried }, reason);
        }
    }

    /// <summary>The channel that would deliver at <paramref name="at"/>, in the order given, and why the ones before it would not.</summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var clientId = ActionContext.RecordId(request.Context, "client");
        var walk = await WalkAsync(
            request,
            (channel, config, key) => channel switch
            {
                MessageChannel.Push => push.PreviewAsync(request, config, key, clientId, at, cancellationToken),
                MessageChannel.Sms => sms.PreviewAsync(request, config, key, at, cancellationToken),
                _ => email.PreviewAsync(request, config, key, at, cancellationToken),
            },
            preview => preview.Status is PreviewStatus.WouldRun or PreviewStatus.Deferred,
            preview => (preview.Status.Text(), preview.Reason));
        switch (walk.Result)
        {
            case { } preview:
                var rendered = new JsonObject { ["channel"] = walk.Channel?.Name(), ["tried"] = walk.Tried, ["message"] = preview.Rendered };
                if (preview.Status != PreviewStatus.WouldRun)
                {
                    return preview with { Rendered = rendered };
                }

                var output = preview.Output?.DeepClone() as JsonObject ?? [];
                output["channel"] = walk.Channel?.Name();
                output["tried"] = walk.Tried.DeepClone();
                return preview with { Rendered = rendered, Output = output };
            default:
                return ActionPreview.Suppressed(new JsonObject { ["tried"] = walk.Tried }, walk.NoChannel());
        }
    }

    /// <summary>The first channel whose result <paramref name="stops"/> the walk (with it, why each one before passed), or none.</summary>
    sealed record Walk<T>(MessageChannel? Channel, T? Result, JsonArray Tried, bool Failed)
        where T : class
    {
        /// <summary>Why nothing went out: suppressed, or a permanent failure when a channel failed outright.</summary>
        public string NoChannel()
        {
            var reasons = string.Join("; ", Tried.Select(t => $"{t!["channel"]}: {t["reason"]}"));
            return Failed
                ? throw new PermanentActionException($"send_message: no channel could deliver ({reasons}).")
                : $"no channel could deliver ({reasons})";
        }
    }

    /// <summary>Tries the listed channels in order; a permanent failure or a result that does not stop passes to the next.</summary>
    static async Task<Walk<T>> WalkAsync<T>(
        ActionRequest request, Func<MessageChannel, JsonObject, string, Task<T>> attempt, Func<T, bool> stops, Func<T, (string Status, string? Reason)> why)
        where T : class
    {
        var tried = new JsonArray();
        var failed = false;
        // Names checked when the workflow was saved (Validate): read once here.
        foreach (var (channel, name) in ((JsonArray)request.Config["channels"]!).Select(c => c!.GetValue<string>()).Select(n => (MessageChannels.Parse(n), n)))
        {
            T result;
            try
            {
                result = await attempt(channel, (JsonObject)request.Config[name]!, $"{request.StepKey}/{name}");
            }
            catch (PermanentActionException e)
            {
                failed = true;
                tried.Add(new JsonObject { ["channel"] = name, ["status"] = StepStatus.Failed.Text(), ["reason"] = e.Message });
                continue;
            }

            if (stops(result))
            {
                return new Walk<T>(channel, result, tried, failed);
            }

            var (status, reason) = why(result);
            tried.Add(new JsonObject { ["channel"] = name, ["status"] = status, ["reason"] = reason });
        }

        return new Walk<T>(null, null, tried, failed);
    }

    IActionHandler Handler(string channel) => MessageChannels.Parse(channel) switch
    {
        MessageChannel.Push => push,
        MessageChannel.Sms => sms,
        _ => email,
    };

    /// <summary>A channel's settings are given exactly when the channel is listed in <c>channels</c>.</summary>
    static JsonObject ListedIffConfigured(string channel)
    {
        JsonObject Listed() => new()
        {
            ["required"] = new JsonArray("channels"),
            ["properties"] = new JsonObject { ["channels"] = new JsonObject { ["contains"] = new JsonObject { ["const"] = channel } } },
        };
        return new JsonObject
        {
            ["oneOf"] = new JsonArray(
                new JsonObject { ["allOf"] = new JsonArray(Listed(), new JsonObject { ["required"] = new JsonArray(channel) }) },
                new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["not"] = Listed() }, new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray(channel) } }) }),
        };
    }
}
