using System.Net;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;

namespace Fixlify.Channels;

/// <summary>A browser's push subscription as stored in push_subscriptions.</summary>
internal sealed record StoredPushSubscription(Guid Id, string Endpoint, string P256dh, string Auth);

/// <summary>Web Push (RFC 8030) with VAPID (RFC 8292) and encrypted payloads (RFC 8291), through Lib.Net.Http.WebPush.</summary>
internal sealed class WebPushSender(IHttpClientFactory httpClients, IOptions<WebPushOptions> options)
{
    public const string HttpClientName = "webpush";

    /// <returns>Accepted, AddressGone (404/410: the subscription is dead), or Failed (transient or not).</returns>
    public async Task<ProviderAnswer> SendAsync(StoredPushSubscription subscription, string payload, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.PublicKey) || string.IsNullOrEmpty(settings.PrivateKey) || string.IsNullOrEmpty(settings.Subject))
        {
            throw new ChannelRefusedException(
                $"send_push_notification: Web Push is not configured ({WebPushOptions.Section}__Subject, {WebPushOptions.Section}__PublicKey, {WebPushOptions.Section}__PrivateKey).");
        }

        var client = new PushServiceClient(httpClients.CreateClient(HttpClientName))
        {
            AutoRetryAfter = false,
            DefaultAuthentication = new VapidAuthentication(settings.PublicKey, settings.PrivateKey) { Subject = settings.Subject },
        };
        var target = new PushSubscription { Endpoint = subscription.Endpoint };
        target.SetKey(PushEncryptionKeyName.P256DH, subscription.P256dh);
        target.SetKey(PushEncryptionKeyName.Auth, subscription.Auth);
        try
        {
            await client.RequestPushMessageDeliveryAsync(target, new PushMessage(payload) { TimeToLive = 24 * 3600, Urgency = PushMessageUrgency.Normal }, cancellationToken);
            return new ProviderAnswer.Accepted(null);
        }
        catch (PushServiceClientException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return new ProviderAnswer.AddressGone($"{(int)e.StatusCode}: the subscription has expired");
        }
        catch (PushServiceClientException e)
        {
            var status = (int)e.StatusCode;
            return new ProviderAnswer.Failed($"{status} {e.Message}", Transient: status is 408 or 429 or >= 500);
        }
        catch (HttpRequestException e)
        {
            return new ProviderAnswer.Failed(e.Message, Transient: true);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProviderAnswer.Failed($"timed out: {e.Message}", Transient: true);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // Unusable stored keys or endpoint: the subscription cannot be sent to.
            return new ProviderAnswer.Failed(e.Message, Transient: false);
        }
    }
}
