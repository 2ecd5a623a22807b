using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>Replies as people send them (the expected keyword by name: the enum is internal to the app): the FCC's seven words and the carriers' own, alone; nothing inside a sentence.</summary>
public sealed class SmsKeywordsTests
{
    public static TheoryData<string?, string> Replies => new()
    {
        // The FCC 2024 words, any case, with the whitespace and punctuation phones add.
        { "STOP", nameof(SmsKeyword.OptOut) },
        { "stop", nameof(SmsKeyword.OptOut) },
        { " Stop. ", nameof(SmsKeyword.OptOut) },
        { "STOP!!!", nameof(SmsKeyword.OptOut) },
        { "\"stop\"", nameof(SmsKeyword.OptOut) },
        { "Stop 🛑", nameof(SmsKeyword.OptOut) },
        { "quit", nameof(SmsKeyword.OptOut) },
        { "End.", nameof(SmsKeyword.OptOut) },
        { "REVOKE", nameof(SmsKeyword.OptOut) },
        { "revoke!", nameof(SmsKeyword.OptOut) },
        { "OPT OUT", nameof(SmsKeyword.OptOut) },
        { "opt out", nameof(SmsKeyword.OptOut) },
        { "Opt-out", nameof(SmsKeyword.OptOut) },
        { "opt   out.", nameof(SmsKeyword.OptOut) },
        { "Cancel", nameof(SmsKeyword.OptOut) },
        { "unsubscribe", nameof(SmsKeyword.OptOut) },
        { "\nUNSUBSCRIBE\n", nameof(SmsKeyword.OptOut) },
        // The carriers' own.
        { "STOPALL", nameof(SmsKeyword.OptOut) },
        { "Stop all", nameof(SmsKeyword.OptOut) },
        { "optout", nameof(SmsKeyword.OptOut) },
        // Opting back in.
        { "START", nameof(SmsKeyword.OptIn) },
        { "start.", nameof(SmsKeyword.OptIn) },
        { "Unstop", nameof(SmsKeyword.OptIn) },
        // Not keywords: a keyword inside a sentence, near misses, nothing.
        { "please don't stop by before noon", nameof(SmsKeyword.None) },
        { "Please stop by tomorrow", nameof(SmsKeyword.None) },
        { "stop texting me", nameof(SmsKeyword.None) },
        { "Can you cancel my appointment?", nameof(SmsKeyword.None) },
        { "the end", nameof(SmsKeyword.None) },
        { "stopp", nameof(SmsKeyword.None) },
        { "s top", nameof(SmsKeyword.None) },
        { "starting soon?", nameof(SmsKeyword.None) },
        { "yes", nameof(SmsKeyword.None) },
        { "", nameof(SmsKeyword.None) },
        { "   ", nameof(SmsKeyword.None) },
        { "!!!", nameof(SmsKeyword.None) },
        { null, nameof(SmsKeyword.None) },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Classify_Reply_IsTheKeywordItIs(string? reply, string expected) =>
        Assert.Equal(Enum.Parse<SmsKeyword>(expected), SmsKeywords.Classify(reply));
}
