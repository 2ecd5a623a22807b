using Fixlify.Channels;
using MimeKit;

namespace Fixlify.Tests.Fixtures;

/// <summary>The real SMTP sender, except that the next <see cref="FailNext"/> sends fail as a refused connection would, before anything is sent.</summary>
internal sealed class FlakyEmailSender(SmtpEmailSender inner) : IEmailSender
{
    int _failures;

    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    public Task<ProviderAnswer> SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _failures) >= 0
            ? throw new IOException("Connection refused (test: the SMTP server is down)")
            : inner.SendAsync(message, cancellationToken);

    public Task<IEmailSession> ConnectAsync(CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _failures) >= 0
            ? throw new IOException("Connection refused (test: the SMTP server is down)")
            : inner.ConnectAsync(cancellationToken);
}
