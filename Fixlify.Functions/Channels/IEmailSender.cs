using MimeKit;

namespace Fixlify.Channels;

/// <summary>Hands a finished message to the mail relay. Throws <see cref="ChannelRefusedException"/> when the relay refuses it for good.</summary>
internal interface IEmailSender
{
    /// <returns>Accepted, with the relay's answer to the message (e.g. <c>2.0.0 Ok: queued as 4F…</c>).</returns>
    Task<ProviderAnswer> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
