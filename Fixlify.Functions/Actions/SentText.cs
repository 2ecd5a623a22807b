using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Data;
using MimeKit.Text;

namespace Fixlify.Actions;

/// <summary>
/// The text of a sent message as its step's log keeps it, so the office reads what went: whole up to
/// <see cref="MaxCharacters"/> (a quarter of the bytes a step's output keeps, so the rest of the output always fits),
/// else cut there and marked <c>textCut</c>; not at all when the organization keeps no message texts
/// (<c>keep_message_texts</c> off: the output says <c>textHidden</c>).
/// </summary>
internal static class SentText
{
    /// <summary>The most of a message's text a step's log keeps (characters; at most 3 bytes each in UTF-8).</summary>
    public const int MaxCharacters = ExecutionStepRepository.MaxOutputBytes / 4;

    /// <summary>Adds the text to <paramref name="output"/> as <c>text</c>, as the organization's setting allows.</summary>
    public static JsonObject Keep(JsonObject output, string? text, OrganizationSettings organization)
    {
        if (!organization.KeepMessageTexts)
        {
            output["textHidden"] = true;
            return output;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return output;
        }

        if (text.Length <= MaxCharacters)
        {
            output["text"] = text;
            return output;
        }

        // Never between the two halves of a surrogate pair.
        var cut = char.IsHighSurrogate(text[MaxCharacters - 1]) ? MaxCharacters - 1 : MaxCharacters;
        output["text"] = text[..cut];
        output["textCut"] = true;
        return output;
    }

    /// <summary>
    /// The words of an HTML body as a person reads them (MimeKit's tokenizer: tags dropped, character references
    /// decoded, a line break for each paragraph, line and list item; scripts and styles left out), for an email sent
    /// with no text body.
    /// </summary>
    public static string FromHtml(string html)
    {
        var text = new StringBuilder();
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        var hidden = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlDataToken data when hidden == 0:
                    text.Append(data.Data);
                    break;
                case HtmlTagToken { Id: HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head } tag:
                    hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                    break;
                case HtmlTagToken { Id: HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 }:
                    text.Append('\n');
                    break;
            }
        }

        var lines = text.ToString().Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return string.Join('\n', lines.Where(l => l.Length > 0));
    }
}
