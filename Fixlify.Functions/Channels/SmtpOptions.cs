namespace Fixlify.Channels;

/// <summary>How the SMTP connection is secured (MailKit's <c>SecureSocketOptions</c>, by the names the settings use).</summary>
internal enum SmtpTlsMode
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}

/// <summary>The SMTP relay that sends email (SendGrid or Mailgun in production, the dev peer locally).</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 2525;

    public SmtpTlsMode TlsMode { get; set; } = SmtpTlsMode.None;

    /// <summary>Empty for a relay that takes mail without logging in.</summary>
    public string Username { get; set; } = "";

    /// <summary>Never logged.</summary>
    public string Password { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
