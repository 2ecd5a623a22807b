using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>What the message actions share: checking recipients before a workflow is saved, and rendering them at send time.</summary>
internal static class ChannelConfig
{
    /// <summary>
    /// A recipient template. A literal value must be a valid address now; a missing one falls back to
    /// <paramref name="defaultTemplate"/>, which must fit the trigger's context (null: the field is optional).
    /// </summary>
    public static void Recipient(ActionConfigValidation validation, string field, bool phone, string? defaultTemplate)
    {
        validation.Describe(field, new JsonObject
        {
            ["type"] = "string", ["x-liquid"] = true, ["x-recipient"] = phone ? "phone" : "email", ["x-record-kind"] = phone ? "phone" : "email",
            ["examples"] = new JsonArray(phone ? "+15550001234" : "office@example.com"),
        });
        if (defaultTemplate is not null)
        {
            validation.Describe(field, new JsonObject { ["default"] = defaultTemplate });
        }

        if (validation.Config[field] is null)
        {
            if (defaultTemplate is not null && TemplateVariables.Check(defaultTemplate, validation.Schema) is { } problem)
            {
                validation.Error(field, $"Choose who receives it: this automation has no client to send to by itself. {problem}");
            }

            return;
        }

        var text = validation.Template(field, required: defaultTemplate is not null);
        if (text is null || TemplateRenderer.IsTemplate(text))
        {
            return;
        }

        if (phone)
        {
            if (!RecipientAddress.CouldBePhone(text))
            {
                validation.Error(field, $"{RecipientAddress.MaskPhone(text)} is not a phone number: write it as +15550001234, or as your country writes numbers.");
            }
        }
        else
        {
            foreach (var address in SplitAddresses(text).Where(a => !RecipientAddress.IsEmail(a)))
            {
                validation.Error(field, $"{RecipientAddress.MaskEmail(address)} is not an email address.");
            }
        }
    }

    /// <summary>What a message step reads: its templates, and the default recipient's when <paramref name="field"/> is not given.</summary>
    public static IEnumerable<string> Reads(JsonObject config, string field, string defaultTemplate) =>
        config.ContainsKey(field) ? PlanReads.TemplatePaths(config) : PlanReads.TemplatePaths(config).Concat(TemplateVariables.Paths(defaultTemplate));

    /// <summary><c>a@x.com, b@y.com</c> → the addresses.</summary>
    public static IReadOnlyList<string> SplitAddresses(string text) =>
        [.. text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
