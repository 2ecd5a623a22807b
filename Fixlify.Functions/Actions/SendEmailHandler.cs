using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fixlify.Actions;

/// <summary>
/// <c>send_email</c>: to (default the client's email), cc, subject, HTML and text bodies from Liquid templates, sent over
/// SMTP from the organization's sender with its reply-to and a List-Unsubscribe header. The Message-ID comes from the
/// execution and step, so every attempt of one step writes the same message.
/// </summary>
internal sealed class SendEmailHandler(ChannelDelivery delivery, IEmailSender sender, TemplateRenderer templates, IOptions<EmailOptions> options, TimeProvider clock) : IActionHandler
{
    public const string DefaultTo = "{{ client.email }}";

    public string ActionType => "send_email";

    public ActionWords Words { get; } = new(
        "Send an email", "Emails the client (or the addresses you give), with a subject and a message.", "email the client",
        [new("messageId", "Message id", FieldKind.Id, Hidden: true), new("to", "Sent to", FieldKind.List), new("subject", "Subject", FieldKind.Text)]);

    public RetrySettings DefaultRetry { get; } = new(5, TimeSpan.FromSeconds(30), 2, TimeSpan.FromMinutes(10));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("to", "cc", "subject", "html", "text");
        validation.Words("to", "To", "Leave empty for the client's email address.");
        ChannelConfig.Recipient(validation, "to", phone: false, DefaultTo);
        ChannelConfig.Recipient(validation, "cc", phone: false, defaultTemplate: null);
        validation.Template("subject", required: true);
        var html = validation.Template("html", required: false);
        var text = validation.Template("text", required: false);
        validation.Rule(ConfigSchemaRecorder.AtLeastOne("html", "text"));
        if (html is null && text is null && !validation.Config.ContainsKey("html") && !validation.Config.ContainsKey("text"))
        {
            validation.Error("html", "Write the message.");
        }
    }

    public IEnumerable<string> Reads(JsonObject config) => ChannelConfig.Reads(config, "to", DefaultTo);

    public Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Config, request.StepKey, cancellationToken);

    /// <summary>Sends the email <paramref name="config"/> describes, recorded under <paramref name="stepKey"/>.</summary>
    public async Task<ActionOutcome> SendAsync(ActionRequest request, JsonObject config, string stepKey, CancellationToken cancellationToken)
    {
        var (to, cc) = await RecipientsAsync(config, request.Context);
        (RenderedEmail Email, MimeMessage Message)? composed = null;
        IEmailSession? session = null;
        try
        {
            return await DeliverAsync();
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }

        Task<ActionOutcome> DeliverAsync() => delivery.DeliverAsync(
            new DeliveryRequest(request, stepKey, MessageChannel.Email, to[0])
            {
                // Connected and logged in before the claim: only a message really on the wire can be in doubt.
                Connect = async ct => session = await ChannelRefusals.PermanentAsync(sender.ConnectAsync(ct)),
                Message = async (target, _) =>
                {
                    var email = await RenderAsync(config, request.Context, to, cc, target.TimeZone);
                    var message = await ComposeAsync(request, stepKey, target, email, clock.GetUtcNow());
                    composed = (email, message);
                    return Kept(message, email);
                },
            },
            async (target, ct) =>
            {
                var (email, message) = composed ?? await ComposeAsync(request, config, stepKey, target, to, cc);
                await ChannelRefusals.PermanentAsync(session is null ? sender.SendAsync(message, ct) : session.SendAsync(message, ct));
                return ChannelSendResult.Sent(message.MessageId, Output(message, email, target.Organization), $"email sent to {RecipientAddress.MaskEmail(email.To[0])}");
            },
            cancellationToken);
    }

    public Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken) =>
        PreviewAsync(request, request.Config, request.StepKey, at, cancellationToken);

    /// <summary>The email <paramref name="config"/> describes as it would go at <paramref name="at"/>: composed, not sent.</summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, JsonObject config, string stepKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (to, cc) = await RecipientsAsync(config, request.Context);
        var check = await delivery.PreviewAsync(new DeliveryRequest(request, stepKey, MessageChannel.Email, to[0]), at, cancellationToken);
        var email = await RenderAsync(config, request.Context, to, cc, check.Target.TimeZone);
        var rendered = new JsonObject
        {
            ["channel"] = MessageChannel.Email.Name(),
            ["to"] = new JsonArray([.. email.To.Select(a => (JsonNode?)a)]),
            ["cc"] = new JsonArray([.. email.Cc.Select(a => (JsonNode?)a)]),
            ["subject"] = email.Subject,
            ["html"] = email.Html,
            ["text"] = email.Text,
            ["recipients"] = new JsonObject
            {
                ["to"] = new JsonArray([.. email.To.Select(a => (JsonNode?)a)]),
                ["cc"] = new JsonArray([.. email.Cc.Select(a => (JsonNode?)a)]),
            },
        };
        if (check.Verdict is { } verdict)
        {
            return ActionPreview.From(verdict, rendered);
        }

        var message = await ComposeAsync(request, stepKey, check.Target, email, at);
        rendered["from"] = message.From.ToString();
        rendered["replyTo"] = message.ReplyTo.Count > 0 ? message.ReplyTo.ToString() : null;
        rendered["listUnsubscribe"] = message.Headers[HeaderId.ListUnsubscribe];
        return ActionPreview.WouldRun(rendered, Output(message, email, check.Target.Organization));
    }

    async Task<(RenderedEmail, MimeMessage)> ComposeAsync(ActionRequest request, JsonObject config, string stepKey, DeliveryTarget target, IReadOnlyList<string> to, IReadOnlyList<string> cc)
    {
        var email = await RenderAsync(config, request.Context, to, cc, target.TimeZone);
        return (email, await ComposeAsync(request, stepKey, target, email, clock.GetUtcNow()));
    }

    /// <summary>What the ledger keeps while the send is unrecorded: the masked recipient and words for the office, the MIME text to resend.</summary>
    static JsonObject Kept(MimeMessage message, RenderedEmail email)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return new JsonObject
        {
            ["to"] = RecipientAddress.MaskEmail(email.To[0]),
            ["subject"] = email.Subject,
            ["text"] = string.IsNullOrWhiteSpace(email.Text) ? (string.IsNullOrWhiteSpace(email.Html) ? "" : SentText.FromHtml(email.Html)) : email.Text.Trim(),
            ["mime"] = Encoding.UTF8.GetString(stream.ToArray()),
        };
    }

    /// <summary>An email's recipients, subject and bodies, rendered and checked: what every attempt and a dry run send.</summary>
    sealed record RenderedEmail(IReadOnlyList<string> To, IReadOnlyList<string> Cc, string Subject, string? Html, string? Text);

    async Task<(IReadOnlyList<string> To, IReadOnlyList<string> Cc)> RecipientsAsync(JsonObject config, JsonObject context) =>
        (await AddressesAsync(config, "to", DefaultTo, context, required: true), await AddressesAsync(config, "cc", null, context, required: false));

    /// <summary>Subject and bodies, their dates and times in <paramref name="timeZone"/> (the recipient's).</summary>
    async Task<RenderedEmail> RenderAsync(JsonObject config, JsonObject context, IReadOnlyList<string> to, IReadOnlyList<string> cc, string? timeZone)
    {
        var subject = OneLine(await templates.RenderFieldAsync(config, "subject", context, timeZone));
        if (subject.Length == 0)
        {
            throw new PermanentActionException("send_email: 'subject' rendered empty.");
        }

        var html = config["html"] is JsonValue h && h.TryGetValue<string>(out var htmlTemplate) ? await templates.RenderHtmlAsync(htmlTemplate, context, timeZone) : null;
        var text = await templates.RenderFieldAsync(config, "text", context, timeZone);
        if (string.IsNullOrWhiteSpace(html) && string.IsNullOrWhiteSpace(text))
        {
            throw new PermanentActionException("send_email: both 'html' and 'text' rendered empty.");
        }

        return new RenderedEmail(to, cc, subject, html, text);
    }

    /// <summary>
    /// The step's output: the Message-ID, the masked recipients, the subject and the text as sent (the text body, else the
    /// HTML body's words; see <see cref="SentText"/>).
    /// </summary>
    static JsonObject Output(MimeMessage message, RenderedEmail email, OrganizationSettings organization) => SentText.Keep(
        new JsonObject
        {
            ["messageId"] = message.MessageId,
            ["to"] = new JsonArray([.. email.To.Select(a => (JsonNode?)RecipientAddress.MaskEmail(a))]),
            ["subject"] = email.Subject,
        },
        string.IsNullOrWhiteSpace(email.Text) ? (string.IsNullOrWhiteSpace(email.Html) ? null : SentText.FromHtml(email.Html)) : email.Text.Trim(),
        organization);

    async Task<MimeMessage> ComposeAsync(ActionRequest request, string stepKey, DeliveryTarget target, RenderedEmail email, DateTimeOffset date)
    {
        var (to, cc, subject, html, text) = (email.To, email.Cc, email.Subject, email.Html, email.Text);
        var organization = target.Organization;
        var fromAddress = Text(organization.EmailFromAddress) ?? Text(options.Value.FromAddress)
            ?? throw new PermanentActionException($"send_email: the organization has no sender address (email_from_address) and {EmailOptions.Section}__FromAddress is not set.");
        if (!RecipientAddress.IsEmail(fromAddress))
        {
            throw new PermanentActionException($"send_email: the sender address '{RecipientAddress.MaskEmail(fromAddress)}' is not an email address.");
        }

        var replyTo = Text(organization.EmailReplyTo) is { } reply && RecipientAddress.IsEmail(reply) ? reply : null;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Text(organization.EmailFromName) ?? Text(organization.Name), fromAddress));
        if (replyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        message.To.AddRange(to.Select(MailboxAddress.Parse));
        message.Cc.AddRange(cc.Select(MailboxAddress.Parse));
        message.Subject = subject;
        message.MessageId = MessageIdFor(request.ExecutionId, stepKey, fromAddress);
        message.Date = date;

        var unsubscribe = new List<string> { $"<mailto:{replyTo ?? fromAddress}?subject=unsubscribe>" };
        if (await UnsubscribeUrlAsync(request.OrganizationId, target.Client?.Id) is { } url)
        {
            unsubscribe.Add($"<{url}>");
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
        }

        message.Headers.Add("List-Unsubscribe", string.Join(", ", unsubscribe));
        message.Body = new BodyBuilder { HtmlBody = string.IsNullOrWhiteSpace(html) ? null : html, TextBody = string.IsNullOrWhiteSpace(text) ? null : text }.ToMessageBody();
        return message;
    }

    /// <summary>The one-click URL from <c>Email__UnsubscribeUrl</c>, rendered with the client's and organization's ids.</summary>
    async Task<Uri?> UnsubscribeUrlAsync(Guid organizationId, Guid? clientId)
    {
        var template = options.Value.UnsubscribeUrl;
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var ids = new JsonObject
        {
            ["client"] = new JsonObject { ["id"] = clientId?.ToString() ?? "" },
            ["organization"] = new JsonObject { ["id"] = organizationId.ToString() },
        };
        var rendered = (await templates.RenderAsync(template, ids)).Trim();
        return Uri.TryCreate(rendered, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? url : null;
    }

    async Task<IReadOnlyList<string>> AddressesAsync(JsonObject config, string field, string? defaultTemplate, JsonObject context, bool required)
    {
        var template = config[field] is JsonValue value && value.TryGetValue<string>(out var given) ? given : defaultTemplate;
        var rendered = template is null ? "" : await templates.RenderAsync(template, context);
        var addresses = ChannelConfig.SplitAddresses(rendered);
        if (addresses.Count == 0 && required)
        {
            throw new PermanentActionException($"send_email: '{field}' rendered empty ({template}): there is no one to send to.");
        }

        if (addresses.FirstOrDefault(a => !RecipientAddress.IsEmail(a)) is { } invalid)
        {
            throw new PermanentActionException($"send_email: '{field}' is not an email address: {RecipientAddress.MaskEmail(invalid)}.");
        }

        return addresses;
    }

    /// <summary>The same id on every attempt of one step: <c>&lt;execution&gt;.&lt;step hash&gt;@&lt;sender's domain&gt;</c>.</summary>
    public static string MessageIdFor(Guid executionId, string stepKey, string fromAddress)
    {
        var step = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stepKey)))[..16];
        return $"{executionId:N}.{step}@{fromAddress[(fromAddress.LastIndexOf('@') + 1)..]}";
    }

    static string OneLine(string? text) => string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim();

    static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
