using System.Globalization;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>
/// <c>send_sms</c>: a text to <c>to</c> (default the client's phone) through Telnyx, from the organization's number or
/// messaging profile. The recipient, however the template wrote it (<c>+1{{ client.phone }}</c>, a national number), is
/// read as E.164 in the organization's <c>country_code</c> and matched to the organization's clients by that number, so
/// the suppression list, the clients' opt-out, their time zone (quiet hours, dates in the text) and the daily cap apply
/// to whoever the number belongs to. A text due in the quiet hours waits (durably) for their end; a rate limit waits for
/// its reset; Telnyx's 40300 (the recipient opted out) puts the number on the suppression list.
/// </summary>
internal sealed class SendSmsHandler(ChannelDelivery delivery, TelnyxClient telnyx, TemplateRenderer templates, TimeProvider clock) : IActionHandler
{
    public const string DefaultTo = "{{ client.phone }}";

    public string ActionType => "send_sms";

    public ActionWords Words { get; } = new(
        "Send a text", "Texts the client (or the number you give); honours opt-outs and quiet hours.", "text the client",
        [new("messageId", "Message id", FieldKind.Id, Hidden: true), new("to", "Sent to", FieldKind.Phone)]);

    public RetrySettings DefaultRetry { get; } = new(5, TimeSpan.FromSeconds(15), 2, TimeSpan.FromMinutes(5));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("to", "message");
        ChannelConfig.Recipient(validation, "to", phone: true, DefaultTo);
        validation.Template("message", required: true);
        validation.Describe("message", new JsonObject { ["x-message"] = "sms" });
        validation.Words("to", "To", "Leave empty for the client's mobile number.");
    }

    public IEnumerable<string> Reads(JsonObject config) => ChannelConfig.Reads(config, "to", DefaultTo);

    public Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Config, request.StepKey, cancellationToken);

    /// <summary>Sends the text <paramref name="config"/> describes, recorded under <paramref name="stepKey"/>.</summary>
    public async Task<ActionOutcome> SendAsync(ActionRequest request, JsonObject config, string stepKey, CancellationToken cancellationToken)
    {
        var written = await RecipientAsync(config, request.Context);
        return await delivery.DeliverAsync(
            Delivery(request, stepKey, written, clock.GetUtcNow()) with
            {
                Message = async (target, _) =>
                {
                    var text = await TextAsync(config, request.Context, target);
                    var (from, profile) = Sender(target);
                    return new JsonObject
                    {
                        ["to"] = RecipientAddress.MaskPhone(target.Address), ["number"] = target.Address, ["from"] = from, ["profile"] = profile, ["text"] = text,
                    };
                },
            },
            async (target, ct) =>
            {
                var to = target.Address!;
                var text = await TextAsync(config, request.Context, target);
                var (from, profile) = Sender(target);
                switch (await ChannelRefusals.PermanentAsync(telnyx.SendAsync(new TelnyxMessage(from, profile, to, text), ct)))
                {
                    case ProviderAnswer.RetryAt(var retryAt):
                        return ChannelSendResult.Later(retryAt, $"Telnyx rate limit: trying again at {retryAt.UtcDateTime:u}");
                    case ProviderAnswer.RecipientOptedOut:
                        return ChannelSendResult.OptedOut("Telnyx reports that the recipient opted out of texts (40300); the number is now on the organization's SMS opt-out list");
                    case ProviderAnswer.Accepted(var messageId):
                        var output = SentText.Keep(new JsonObject { ["messageId"] = messageId, ["to"] = RecipientAddress.MaskPhone(to) }, text, target.Organization);
                        return ChannelSendResult.Sent(messageId, output, $"SMS sent to {RecipientAddress.MaskPhone(to)}");
                    case var other:
                        throw new InvalidOperationException($"Telnyx answers a text with no {other.GetType().Name}.");
                }
            },
            cancellationToken);
    }

    public Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken) =>
        PreviewAsync(request, request.Config, request.StepKey, at, cancellationToken);

    /// <summary>
    /// The text <paramref name="config"/> describes as it would go at <paramref name="at"/>, with its encoding and how many
    /// segments it takes (<see cref="SmsSegments"/>); quiet hours defer it to their end.
    /// </summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, JsonObject config, string stepKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var written = await RecipientAsync(config, request.Context);
        var check = await delivery.PreviewAsync(Delivery(request, stepKey, written, at), at, cancellationToken);
        var text = await TextAsync(config, request.Context, check.Target);
        var segments = SmsSegments.Of(text);
        var rendered = new JsonObject
        {
            ["channel"] = MessageChannel.Sms.Name(), ["to"] = check.Target.Address, ["text"] = text,
            ["encoding"] = segments.Encoding, ["units"] = segments.Units, ["segments"] = segments.Segments,
            ["recipients"] = new JsonObject
            {
                ["to"] = new JsonArray(RecipientAddress.MaskPhone(check.Target.Address)), ["cc"] = new JsonArray(),
            },
        };
        if (check.Verdict is { } verdict)
        {
            return ActionPreview.From(verdict, rendered);
        }

        var (from, profile) = Sender(check.Target);
        rendered["from"] = from;
        rendered["messagingProfileId"] = profile;
        return ActionPreview.WouldRun(
            rendered, SentText.Keep(new JsonObject { ["messageId"] = null, ["to"] = RecipientAddress.MaskPhone(check.Target.Address) }, text, check.Target.Organization));
    }

    static DeliveryRequest Delivery(ActionRequest request, string stepKey, string written, DateTimeOffset at) =>
        new(request, stepKey, MessageChannel.Sms, written)
        {
            AddressField = "send_sms: 'to'",
            Precheck = (target, _, _) => Task.FromResult(QuietHours(target, at)),
        };

    /// <summary>The recipient as the template writes it; <see cref="ChannelDelivery"/> reads it as E.164 in the organization's region.</summary>
    async Task<string> RecipientAsync(JsonObject config, JsonObject context)
    {
        var template = config["to"] is JsonValue value && value.TryGetValue<string>(out var given) ? given : DefaultTo;
        var rendered = (await templates.RenderAsync(template, context)).Trim();
        return rendered.Length == 0
            ? throw new PermanentActionException($"send_sms: 'to' rendered empty ({template}): there is no phone number to text.")
            : rendered;
    }

    /// <summary>The text, its dates and times in the recipient's time zone (the client's, else the organization's).</summary>
    async Task<string> TextAsync(JsonObject config, JsonObject context, DeliveryTarget target)
    {
        var text = (await templates.RenderFieldAsync(config, "message", context, target.TimeZone))?.Trim();
        return string.IsNullOrEmpty(text) ? throw new PermanentActionException("send_sms: 'message' rendered empty.") : text;
    }

    /// <summary>The organization's number or messaging profile the text goes from.</summary>
    static (string? From, string? Profile) Sender(DeliveryTarget target)
    {
        var organization = target.Organization;
        var written = organization.SmsFromNumber;
        var profile = organization.SmsMessagingProfileId;
        if (string.IsNullOrWhiteSpace(written) && string.IsNullOrWhiteSpace(profile))
        {
            throw new PermanentActionException("send_sms: the organization has no SMS sender (sms_from_number or sms_messaging_profile_id).");
        }

        if (string.IsNullOrWhiteSpace(written))
        {
            return (null, profile);
        }

        var from = RecipientAddress.NormalizePhone(written, target.Region)
            ?? throw new PermanentActionException($"send_sms: the organization's sms_from_number is not a phone number: {RecipientAddress.MaskPhone(written)}.");
        return (from, profile);
    }

    /// <summary>At <paramref name="at"/> in the quiet hours (client's time zone, else the organization's): put the text off to their end.</summary>
    static ActionOutcome? QuietHours(DeliveryTarget target, DateTimeOffset at)
    {
        var organization = target.Organization;
        var start = SmsQuietHours.ParseTime(organization.QuietHoursStart, SmsQuietHours.DefaultStart);
        var end = SmsQuietHours.ParseTime(organization.QuietHoursEnd, SmsQuietHours.DefaultEnd);
        var zone = SmsQuietHours.Zone(target.Client?.TimeZone, organization.TimeZone);
        if (SmsQuietHours.NextAllowed(at, start, end, zone) is not { } allowed)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(allowed, zone);
        var window = $"{start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{end.ToString("HH:mm", CultureInfo.InvariantCulture)}";
        return ActionOutcome.Deferred(
            allowed, $"quiet hours {window} ({zone.Id}): the text goes at {local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} local time");
    }
}
