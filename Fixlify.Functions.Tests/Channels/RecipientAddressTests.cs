using Fixlify.Channels;

namespace Fixlify.Tests.Channels;

public sealed class RecipientAddressTests
{
    [Theory]
    [InlineData("+15550001234", "+15550001234")]
    [InlineData("+1 (555) 000-1234", "+15550001234")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("5550001234", null)]
    [InlineData("+0555000123", null)]
    [InlineData("+1555000123456789", null)]
    [InlineData("call me", null)]
    [InlineData("", null)]
    public void NormalizePhone_AcceptsOnlyE164(string input, string? expected) =>
        Assert.Equal(expected, RecipientAddress.NormalizePhone(input));

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
