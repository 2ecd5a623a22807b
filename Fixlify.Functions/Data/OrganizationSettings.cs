using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// The settings of an organization (its <c>organizations</c> row) that sending a message reads: its name, IANA time zone,
/// region (<c>country_code</c>, ISO 3166-1 alpha-2), daily message cap per client, SMS quiet hours (local <c>HH:mm</c>;
/// null: the defaults), its senders (email address, name and reply-to; SMS number or Telnyx messaging profile), and
/// whether an execution's log keeps the texts of the messages it sent (<c>keep_message_texts</c>, on unless the
/// organization must not keep them).
/// </summary>
internal sealed record OrganizationSettings(
    string? Name,
    string? TimeZone,
    string? CountryCode,
    int? DailyMessageCap,
    string? QuietHoursStart,
    string? QuietHoursEnd,
    string? EmailFromAddress,
    string? EmailFromName,
    string? EmailReplyTo,
    string? SmsFromNumber,
    string? SmsMessagingProfileId,
    bool KeepMessageTexts = true)
{
    /// <summary>The settings in an organization's row as <see cref="BusinessRecords"/> loads it.</summary>
    public static OrganizationSettings From(JsonObject row) => new(
        Text(row["name"]),
        Text(row["time_zone"]),
        Text(row["country_code"]),
        row["daily_message_cap"] is JsonValue cap && cap.TryGetValue<int>(out var count) ? count : null,
        Text(row["quiet_hours_start"]),
        Text(row["quiet_hours_end"]),
        Text(row["email_from_address"]),
        Text(row["email_from_name"]),
        Text(row["email_reply_to"]),
        Text(row["sms_from_number"]),
        Text(row["sms_messaging_profile_id"]),
        row["keep_message_texts"] is not JsonValue keep || !keep.TryGetValue<bool>(out var keeps) || keeps);

    static string? Text(JsonNode? node) => node?.ToString();
}
