using System.Text.RegularExpressions;

namespace Fixlify.Application;

/// <summary>
/// An execution's error put in the office's words: what went wrong, and what to do about it. The engine writes errors
/// for a developer ("Step 'remind' (send_email) failed after 5 attempt(s): send_email: the mail server did not accept the
/// login …"); an alert says "Emails can't be sent: the email server refused the password. Check the SMTP settings."
/// </summary>
internal static partial class FailureWords
{
    internal sealed record Words(string Cause, string Advice);

    public static Words For(string? error)
    {
        var text = error ?? "";
        var lower = text.ToLowerInvariant();
        if (lower.Contains("send_email", StringComparison.Ordinal) || lower.Contains("mail server", StringComparison.Ordinal))
        {
            return lower switch
            {
                _ when lower.Contains("login", StringComparison.Ordinal) || lower.Contains("password", StringComparison.Ordinal) || lower.Contains("535", StringComparison.Ordinal)
                    => new("Emails can't be sent: the email server refused the password", "Check the SMTP settings (user name and password)."),
                _ when Unreachable(lower) => new("Emails can't be sent: the email server is not answering", "Check that the email server is up; the app keeps trying."),
                _ when lower.Contains("sender address", StringComparison.Ordinal) => new("Emails can't be sent: the business has no sender address", "Set the business's sender email address in its settings."),
                _ when lower.Contains("refused", StringComparison.Ordinal) => new("An email was refused by the email server", "Check the client's email address, then retry the run."),
                _ when lower.Contains("rendered empty", StringComparison.Ordinal) || lower.Contains("not an email address", StringComparison.Ordinal)
                    => new("An email had no valid address to go to", "Fix the client's email address, then retry the run."),
                _ => new("An email could not be sent", "Open the run to see the step that failed, fix it and retry."),
            };
        }

        if (lower.Contains("send_sms", StringComparison.Ordinal) || lower.Contains("telnyx", StringComparison.Ordinal))
        {
            return lower switch
            {
                _ when lower.Contains("api key", StringComparison.Ordinal) || lower.Contains("401", StringComparison.Ordinal) || lower.Contains("403", StringComparison.Ordinal)
                    => new("Texts can't be sent: Telnyx refused the app's key", "Check the Telnyx API key in the settings."),
                _ when Unreachable(lower) || lower.Contains("500", StringComparison.Ordinal) || lower.Contains("503", StringComparison.Ordinal)
                    => new("Texts can't be sent: Telnyx is not answering", "Nothing to do if it is short; check Telnyx's status page."),
                _ when lower.Contains("sms sender", StringComparison.Ordinal) => new("Texts can't be sent: the business has no sending number", "Set the business's SMS number in its settings."),
                _ when lower.Contains("not a phone number", StringComparison.Ordinal) || lower.Contains("rendered empty", StringComparison.Ordinal)
                    => new("A text had no valid phone number to go to", "Fix the client's phone number, then retry the run."),
                _ => new("A text could not be sent", "Open the run to see the step that failed, fix it and retry."),
            };
        }

        if (lower.Contains("webhook", StringComparison.Ordinal) || lower.Contains("api_call", StringComparison.Ordinal))
        {
            return Unreachable(lower)
                ? new("A connected service is not answering", "Check that the service is up; retry the runs once it is.")
                : new("A connected service refused a call", "Open the run to see the answer, fix the step and retry.");
        }

        if (lower.Contains("orchestration", StringComparison.Ordinal))
        {
            return new("A run stopped unexpectedly", "Retry the run; if it happens again, tell support.");
        }

        var detail = StepPrefix().Replace(text, "").Trim();
        return new(detail.Length == 0 ? "A run failed" : $"A run failed: {Shorten(detail)}", "Open the run to see the step that failed, fix it and retry.");
    }

    static bool Unreachable(string lower) =>
        lower.Contains("not answering", StringComparison.Ordinal) || lower.Contains("connection refused", StringComparison.Ordinal)
        || lower.Contains("timed out", StringComparison.Ordinal) || lower.Contains("timeout", StringComparison.Ordinal)
        || lower.Contains("could not connect", StringComparison.Ordinal) || lower.Contains("unreachable", StringComparison.Ordinal)
        || lower.Contains("socket", StringComparison.Ordinal) || lower.Contains("no such host", StringComparison.Ordinal);

    static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "…";

    [GeneratedRegex(@"^Step '[^']*' \([a-z_]+\) failed after \d+ attempt\(s\):\s*(?:[a-z_]+:\s*)?")]
    private static partial Regex StepPrefix();
}
