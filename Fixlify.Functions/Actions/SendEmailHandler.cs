using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Channels;
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
public sealed class SendEmailHandler(ChannelDelivery delivery, IEmailSender sender, TemplateRenderer templates, IOptions<EmailOptions> options, TimeProvider clock) : IActionHandler
{
    public const string DefaultTo = "{{ client.email }}";

    public string ActionType => "send_email";

    public RetrySettings DefaultRetry { get; } = new(5, TimeSpan.FromSeconds(30), 2, TimeSpan.FromMinutes(10));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("to", "cc", "subject", "html", "text");
        ChannelConfig.Recipient(validation, "to", phone: false, DefaultTo);
        ChannelConfig.Recipient(validation, "cc", phone: false, defaultTemplate: null);
        validation.Template("subject", required: true);
        var html = validation.Template("html", required: false);
        var text = validation.Template("text", required: false);
        if (html is null && text is null && !validation.Config.ContainsKey("html") && !validation.Config.ContainsKey("text"))
        {
            validation.Error("html", "Give an html or a text body (or both).");
        }
    }

    public Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, request.Config, request.StepKey, cancellationToken);

    /// <summary>Sends the email <paramref name="config"/> describes, recorded under <paramref name="stepKey"/>.</summary>
    public async Task<ActionOutcome> SendAsync(ActionRequest request, JsonObject config, string stepKey, CancellationToken cancellationToken)
    {
        var to = await AddressesAsync(config, "to", DefaultTo, request.Context, required: true);
        var cc = await AddressesAsync(config, "cc", null, request.Context, required: false);
        var subject = OneLine(await templates.RenderFieldAsync(config, "subject", request.Context));
        if (subject.Length == 0)
        {
            throw new PermanentActionException("send_email: 'subject' rendered empty.");
        }

        var html = config["html"] is JsonValue h && h.TryGetValue<string>(out var htmlTemplate) ? await templates.RenderHtmlAsync(htmlTemplate, request.Context) : null;
        var text = await templates.RenderFieldAsync(config, "text", request.Context);
        if (string.IsNullOrWhiteSpace(html) && string.IsNullOrWhiteSpace(text))
        {
            throw new PermanentActionException("send_email: both 'html' and 'text' rendered empty.");
        }

        return await delivery.DeliverAsync(
            new DeliveryRequest(request, stepKey, "email", to[0]),
            async (target, ct) =>
            {
                var message = await ComposeAsync(request, stepKey, target, to, cc, subject, html, text);
                await sender.SendAsync(message, ct);
                var output = new JsonObject
                {
                    ["messageId"] = message.MessageId,
                    ["to"] = new JsonArray([.. to.Select(a => (JsonNode?)RecipientAddress.MaskEmail(a))]),
                    ["subject"] = subject,
                };
                return ChannelSendResult.Sent(message.MessageId, output, $"email sent to {RecipientAddress.MaskEmail(to[0])}");
            },
            cancellationToken);
    }

    async Task<MimeMessage> ComposeAsync(
        ActionRequest request, string stepKey, DeliveryTarget target, IReadOnlyList<string> to, IReadOnlyList<string> cc, string subject, string? html, string? text)
    {
        var organization = target.Organization;
        var fromAddress = Text(organization["email_from_address"]) ?? Text(options.Value.FromAddress)
            ?? throw new PermanentActionException($"send_email: the organization has no sender address (email_from_address) and {EmailOptions.Section}__FromAddress is not set.");
        if (!RecipientAddress.IsEmail(fromAddress))
        {
            throw new PermanentActionException($"send_email: the sender address '{RecipientAddress.MaskEmail(fromAddress)}' is not an email address.");
        }

        var replyTo = Text(organization["email_reply_to"]) is { } reply && RecipientAddress.IsEmail(reply) ? reply : null;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Text(organization["email_from_name"]) ?? Text(organization["name"]), fromAddress));
        if (replyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        message.To.AddRange(to.Select(MailboxAddress.Parse));
        message.Cc.AddRange(cc.Select(MailboxAddress.Parse));
        message.Subject = subject;
        message.MessageId = MessageIdFor(request.ExecutionId, stepKey, fromAddress);
        message.Date = clock.GetUtcNow();

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
