using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>Replies as people send them: the FCC's seven words and the carriers' own, alone; nothing inside a sentence.</summary>
public sealed class SmsKeywordsTests
{
    public static TheoryData<string?, SmsKeyword> Replies => new()
    {
        // The FCC 2024 words, any case, with the whitespace and punctuation phones add.
        { "STOP", SmsKeyword.OptOut },
        { "stop", SmsKeyword.OptOut },
        { " Stop. ", SmsKeyword.OptOut },
        { "STOP!!!", SmsKeyword.OptOut },
        { "\"stop\"", SmsKeyword.OptOut },
        { "Stop 🛑", SmsKeyword.OptOut },
        { "quit", SmsKeyword.OptOut },
        { "End.", SmsKeyword.OptOut },
        { "REVOKE", SmsKeyword.OptOut },
        { "revoke!", SmsKeyword.OptOut },
        { "OPT OUT", SmsKeyword.OptOut },
        { "opt out", SmsKeyword.OptOut },
        { "Opt-out", SmsKeyword.OptOut },
        { "opt   out.", SmsKeyword.OptOut },
        { "Cancel", SmsKeyword.OptOut },
        { "unsubscribe", SmsKeyword.OptOut },
        { "\nUNSUBSCRIBE\n", SmsKeyword.OptOut },
        // The carriers' own.
        { "STOPALL", SmsKeyword.OptOut },
        { "Stop all", SmsKeyword.OptOut },
        { "optout", SmsKeyword.OptOut },
        // Opting back in.
        { "START", SmsKeyword.OptIn },
        { "start.", SmsKeyword.OptIn },
        { "Unstop", SmsKeyword.OptIn },
        // Not keywords: a keyword inside a sentence, near misses, nothing.
        { "please don't stop by before noon", SmsKeyword.None },
        { "Please stop by tomorrow", SmsKeyword.None },
        { "stop texting me", SmsKeyword.None },
        { "Can you cancel my appointment?", SmsKeyword.None },
        { "the end", SmsKeyword.None },
        { "stopp", SmsKeyword.None },
        { "s top", SmsKeyword.None },
        { "starting soon?", SmsKeyword.None },
        { "yes", SmsKeyword.None },
        { "", SmsKeyword.None },
        { "   ", SmsKeyword.None },
        { "!!!", SmsKeyword.None },
        { null, SmsKeyword.None },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Classify_Reply_IsTheKeywordItIs(string? reply, SmsKeyword expected) =>
        Assert.Equal(expected, SmsKeywords.Classify(reply));
}
