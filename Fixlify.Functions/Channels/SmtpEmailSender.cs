using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fixlify.Channels;

/// <summary>
/// Sends over SMTP with MailKit: one connection per message (relays such as SendGrid and Mailgun are built for it),
/// opened and logged in before the message's delivery is claimed (<see cref="ConnectAsync"/>). A 5xx refusal of the
/// sender, a recipient or the message is permanent; everything else (timeouts, 4xx, lost connections) is left for the
/// engine to retry.
/// </summary>
internal sealed class SmtpEmailSender(IOptions<SmtpOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task<ProviderAnswer> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await using var session = await ConnectAsync(cancellationToken);
        return await session.SendAsync(message, cancellationToken);
    }

    public async Task<IEmailSession> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await Translated(async () =>
            {
                await client.ConnectAsync(settings.Host, settings.Port, Secure(settings.TlsMode), cancellationToken);
                if (!string.IsNullOrEmpty(settings.Username))
                {
                    await client.AuthenticateAsync(settings.Username, settings.Password, cancellationToken);
                }

                return true;
            });
            return new Session(client, settings, logger);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A logged-in connection: sends one message, then QUITs when disposed.</summary>
    sealed class Session(SmtpClient client, SmtpOptions settings, ILogger logger) : IEmailSession
    {
        public async Task<ProviderAnswer> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var answer = await Translated(() => client.SendAsync(message, cancellationToken));
            Log.EmailSent(logger, message.MessageId, settings.Host, settings.Port);
            return new ProviderAnswer.Accepted(answer);
        }

        public async ValueTask DisposeAsync()
        {
            await QuitQuietlyAsync(client);
            client.Dispose();
        }
    }

    /// <summary>The relay's refusals for good as <see cref="ChannelRefusedException"/>; the rest as <see cref="IOException"/>, for the engine to retry.</summary>
    static async Task<T> Translated<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            var who = e.ErrorCode switch
            {
                SmtpErrorCode.RecipientNotAccepted => $"the recipient {RecipientAddress.MaskEmail(e.Mailbox?.Address)}",
                SmtpErrorCode.SenderNotAccepted => $"the sender {RecipientAddress.MaskEmail(e.Mailbox?.Address)}",
                _ => "the message",
            };
            throw new ChannelRefusedException($"send_email: the mail server refused {who} ({(int)e.StatusCode} {RecipientAddress.MaskEmailsIn(e.Message.Trim())}).", e);
        }
        catch (SmtpCommandException e)
        {
            throw new IOException($"send_email: the mail server put the message off ({(int)e.StatusCode} {RecipientAddress.MaskEmailsIn(e.Message.Trim())}); it will be tried again.", e);
        }
        catch (AuthenticationException e)
        {
            throw new IOException($"send_email: the mail server did not accept the login of {nameof(SmtpOptions)} ({SmtpOptions.Section}__Username).", e);
        }
    }

    /// <summary>The message is sent once the relay has said so; a failing QUIT changes nothing.</summary>
    static async Task QuitQuietlyAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(quit: true, quit.Token);
        }
        catch (Exception e) when (e is IOException or ProtocolException or OperationCanceledException or TimeoutException or SmtpCommandException)
        {
            // Nothing to do: the relay already took the message (or it was never sent, and the connection goes anyway).
        }
    }

    static SecureSocketOptions Secure(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpTlsMode.Auto => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.None,
    };
}
