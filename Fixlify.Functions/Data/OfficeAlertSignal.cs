namespace Fixlify.Data;

/// <summary>
/// Wakes the alert sender at once when something was written for it (a failure, an outage, a send in doubt), so the
/// office hears within seconds rather than at the sender's next poll. In-process only: the poll covers the rest.
/// </summary>
internal sealed class OfficeAlertSignal : IDisposable
{
    readonly SemaphoreSlim _raised = new(0, 1);

    public void Raise()
    {
        if (_raised.CurrentCount == 0)
        {
            try
            {
                _raised.Release();
            }
            catch (SemaphoreFullException)
            {
                // already raised
            }
        }
    }

    public void Dispose() => _raised.Dispose();

    /// <summary>Waits until raised or <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _raised.WaitAsync(timeout, cancellationToken);
}
