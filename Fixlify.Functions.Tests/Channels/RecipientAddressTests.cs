using Fixlify.Channels;

namespace Fixlify.Tests.Channels;

public sealed class RecipientAddressTests
{
    [Theory]
    [InlineData("+15550001234", "US", "+15550001234")]
    [InlineData("+1 (555) 000-1234", "US", "+15550001234")]
    [InlineData("+1(555) 010-4573", "US", "+15550104573")] // "+1{{ client.phone }}" with the phone typed as (555) 010-4573
    [InlineData("(555) 010-4567", "US", "+15550104567")]
    [InlineData("555.010.4567", "US", "+15550104567")]
    [InlineData("5550102007", "US", "+15550102007")]
    [InlineData("1-555-010-4567", "US", "+15550104567")]
    [InlineData("+44 20 7946 0958", "US", "+442079460958")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("(555) 010-4567", null, null)] // a national number and no region to read it in
    [InlineData("555-0102", "US", null)] // 7 digits: a local number, not a whole one
    [InlineData("+1555010456", "US", null)] // too short
    [InlineData("+155501045678", "US", null)] // too long
    [InlineData("12", "US", null)]
    [InlineData("call me", "US", null)]
    [InlineData("", "US", null)]
    public void NormalizePhone_WrittenAsPeopleDo_IsE164InTheRegion(string input, string? region, string? expected) =>
        Assert.Equal(expected, RecipientAddress.NormalizePhone(input, region));

    [Theory]
    [InlineData("+15550104567", true)]
    [InlineData("(555) 010-4567", true)]
    [InlineData("020 7946 0958", true)]
    [InlineData("+0555000123", false)]
    [InlineData("555-01", false)]
    [InlineData("call me", false)]
    public void CouldBePhone_ALiteralRecipient_IsCheckedWithoutARegion(string input, bool expected) =>
        Assert.Equal(expected, RecipientAddress.CouldBePhone(input));

    [Theory]
    [InlineData("alex@example.com", true)]
    [InlineData("a.b+tag@mail.example.co.uk", true)]
    [InlineData("alex@example", false)]
    [InlineData("alex.example.com", false)]
    [InlineData("alex @example.com", false)]
    [InlineData("<alex@example.com>", false)]
    public void IsEmail_AcceptsPlainMailboxes(string input, bool expected) =>
        Assert.Equal(expected, RecipientAddress.IsEmail(input));

    [Theory]
    [InlineData("+15550001234", "+1555•••1234")]
    [InlineData("+442079460958", "+4420•••0958")]
    [InlineData("5550102007", "555•••07")]
    [InlineData("12", "1•••")]
    public void MaskPhone_HidesTheMiddle(string input, string expected) =>
        Assert.Equal(expected, RecipientAddress.MaskPhone(input));

    [Theory]
    [InlineData("alex@example.com", "a•••@example.com")]
    [InlineData("zed.example.com", "z•••")]
    public void MaskEmail_KeepsOnlyTheFirstLetterAndTheDomain(string input, string expected) =>
        Assert.Equal(expected, RecipientAddress.MaskEmail(input));

    [Fact]
    public void MaskEmailsIn_MasksEveryAddressInAServerReply() =>
        Assert.Equal("5.1.1 <d•••@example.com>: Recipient address rejected (also o•••@test.example)",
            RecipientAddress.MaskEmailsIn("5.1.1 <dana@example.com>: Recipient address rejected (also office@test.example)"));
}
