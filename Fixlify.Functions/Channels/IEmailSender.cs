using MimeKit;

namespace Fixlify.Channels;

/// <summary>Hands a finished message to the mail relay. Throws <see cref="ChannelRefusedException"/> when the relay refuses it for good.</summary>
internal interface IEmailSender
{
    /// <summary>Connects, logs in, sends and says goodbye.</summary>
    /// <returns>Accepted, with the relay's answer to the message (e.g. <c>2.0.0 Ok: queued as 4F…</c>).</returns>
    Task<ProviderAnswer> SendAsync(MimeMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Connects and logs in, sending nothing yet: waiting for the relay (a slow or refused connection) happens here, before a
    /// delivery is claimed. Throws as <see cref="SendAsync"/> does when the relay cannot be reached or refuses the login.
    /// </summary>
    Task<IEmailSession> ConnectAsync(CancellationToken cancellationToken);
}
