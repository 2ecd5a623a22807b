using Fixlify.Channels;
using Fixlify.Engine;

namespace Fixlify.Actions;

/// <summary>Translates a channel's refusal for good into the engine's "no retry can fix this".</summary>
internal static class ChannelRefusals
{
    /// <summary>The channel's answer; a <see cref="ChannelRefusedException"/> becomes a <see cref="PermanentActionException"/> with its message.</summary>
    public static async Task<T> PermanentAsync<T>(Task<T> send)
    {
        try
        {
            return await send;
        }
        catch (ChannelRefusedException e)
        {
            throw new PermanentActionException(e.Message, e);
        }
    }
}
