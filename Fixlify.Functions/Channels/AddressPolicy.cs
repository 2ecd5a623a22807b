using System.Net;
using System.Net.Sockets;

namespace Fixlify.Channels;

/// <summary>
/// Which addresses an outbound request may reach: public unicast only. Loopback, private, link-local (cloud metadata at
/// 169.254.169.254), unique-local, carrier-grade NAT, "this network", multicast, broadcast and reserved ranges are
/// refused, and so are IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4), judged by the address they carry.
/// </summary>
internal static class AddressPolicy
{
    sealed record Range(IPNetwork Network, string Name, bool Loopback = false);

    // Order matters where ranges nest: the first match names the reason.
    static readonly Range[] V4 =
    [
        new(IPNetwork.Parse("127.0.0.0/8"), "a loopback address", Loopback: true),
        new(IPNetwork.Parse("0.0.0.0/8"), "a 'this network' address (0.0.0.0/8)"),
        new(IPNetwork.Parse("10.0.0.0/8"), "a private address (10.0.0.0/8)"),
        new(IPNetwork.Parse("172.16.0.0/12"), "a private address (172.16.0.0/12)"),
        new(IPNetwork.Parse("192.168.0.0/16"), "a private address (192.168.0.0/16)"),
        new(IPNetwork.Parse("169.254.0.0/16"), "a link-local address (169.254.0.0/16, where cloud metadata lives)"),
        new(IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address (100.64.0.0/10)"),
        new(IPNetwork.Parse("192.0.0.0/24"), "a reserved address (192.0.0.0/24)"),
        new(IPNetwork.Parse("198.18.0.0/15"), "a reserved address (198.18.0.0/15)"),
        new(IPNetwork.Parse("224.0.0.0/4"), "a multicast address (224.0.0.0/4)"),
        new(IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        new(IPNetwork.Parse("240.0.0.0/4"), "a reserved address (240.0.0.0/4)"),
    ];

    static readonly Range[] V6 =
    [
        new(IPNetwork.Parse("::1/128"), "a loopback address", Loopback: true),
        new(IPNetwork.Parse("::/128"), "the unspecified address (::)"),
        new(IPNetwork.Parse("::/96"), "a deprecated IPv4-compatible address (::/96)"),
        new(IPNetwork.Parse("fe80::/10"), "a link-local address (fe80::/10)"),
        new(IPNetwork.Parse("fec0::/10"), "a site-local address (fec0::/10)"),
        new(IPNetwork.Parse("fc00::/7"), "a unique-local address (fc00::/7)"),
        new(IPNetwork.Parse("ff00::/8"), "a multicast address (ff00::/8)"),
        new(IPNetwork.Parse("100::/64"), "a discard-only address (100::/64)"),
        new(IPNetwork.Parse("2001::/32"), "a Teredo address (2001::/32)"),
    ];

    static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Null when a request may connect to <paramref name="address"/>; else why not ("a private address (10.0.0.0/8)").</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return Refusal(address.MapToIPv4(), allowLoopback) is { } mapped ? $"an IPv4-mapped form of {mapped}" : null;
            }

            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address))
            {
                return Refusal(new IPAddress(bytes.AsSpan(12, 4)), allowLoopback) is { } embedded ? $"a NAT64 form of {embedded}" : null;
            }

            if (SixToFour.Contains(address))
            {
                return Refusal(new IPAddress(bytes.AsSpan(2, 4)), allowLoopback) is { } embedded ? $"a 6to4 form of {embedded}" : null;
            }

            return Match(V6, address, allowLoopback);
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? Match(V4, address, allowLoopback) : "not an IP address";
    }

    static string? Match(Range[] ranges, IPAddress address, bool allowLoopback)
    {
        foreach (var range in ranges)
        {
            if (range.Network.Contains(address))
            {
                return !range.Loopback ? range.Name : allowLoopback ? null : $"{range.Name} (allowed only with Http__AllowLoopback, for development)";
            }
        }

        return null;
    }
}
