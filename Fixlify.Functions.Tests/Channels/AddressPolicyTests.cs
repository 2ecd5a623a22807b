using System.Net;
using Fixlify.Channels;

namespace Fixlify.Tests.Channels;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.10.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.5", "private address (10.0.0.0/8)")]
    [InlineData("172.16.0.1", "private address (172.16.0.0/12)")]
    [InlineData("172.31.255.254", "private address (172.16.0.0/12)")]
    [InlineData("192.168.1.1", "private address (192.168.0.0/16)")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("0.1.2.3", "this network")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped form of a private address")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped form of a loopback address")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped form of a link-local")]
    [InlineData("64:ff9b::a00:1", "NAT64 form of a private address")]
    [InlineData("2002:c0a8:101::1", "6to4 form of a private address")]
    public void Refusal_InternalAddress_NamesTheRange(string address, string expected)
    {
        var refusal = AddressPolicy.Refusal(IPAddress.Parse(address), allowLoopback: false);

        Assert.NotNull(refusal);
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Refusal_PublicAddress_IsNull(string address) =>
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Refusal_LoopbackWhenAllowed_IsNull(string address) =>
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse(address), allowLoopback: true));

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("fc00::1")]
    [InlineData("0.0.0.0")]
    public void Refusal_PrivateWhenLoopbackAllowed_StillRefused(string address) =>
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse(address), allowLoopback: true));
}
