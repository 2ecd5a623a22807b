namespace Fixlify.Data;

/// <summary>
/// Where a side effect is in the delivery ledger (automation_deliveries.status): claimed before it is done
/// (<c>sending</c>), then <c>sent</c>, or not done on purpose (<c>suppressed</c>, <c>skipped</c>). A retry that finds
/// <c>sending</c> does not act again: the delivery is in doubt.
/// </summary>
internal enum DeliveryStatus
{
    Sending,
    Sent,
    Suppressed,
    Skipped,
}

/// <summary>The database's spelling of <see cref="DeliveryStatus"/>.</summary>
internal static class DeliveryStatuses
{
    public static string Text(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sending => "sending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.Suppressed => "suppressed",
        _ => "skipped",
    };

    public static DeliveryStatus Parse(string text) => text switch
    {
        "sending" => DeliveryStatus.Sending,
        "sent" => DeliveryStatus.Sent,
        "suppressed" => DeliveryStatus.Suppressed,
        "skipped" => DeliveryStatus.Skipped,
        _ => throw new FormatException($"'{text}' is not a delivery status."),
    };
}
