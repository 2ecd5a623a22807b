using MimeKit;

namespace Fixlify.Channels;

/// <summary>
/// A connection to the mail relay, logged in, on which one message is then sent (<see cref="IEmailSender.ConnectAsync"/>):
/// the delivery's claim is taken between the two, so a send is in doubt only once it is really on the wire (ADR 0005).
/// Disposing it says goodbye to the relay.
/// </summary>
internal interface IEmailSession : IAsyncDisposable
{
    /// <returns>Accepted, with the relay's answer to the message. Throws <see cref="ChannelRefusedException"/> when the relay refuses it for good.</returns>
    Task<ProviderAnswer> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
