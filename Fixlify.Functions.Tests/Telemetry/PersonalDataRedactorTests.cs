using Fixlify.Telemetry;

namespace Fixlify.Tests.Telemetry;

public sealed class PersonalDataRedactorTests
{
    [Theory]
    [InlineData("/api/executions/tom.becker@example.com", "/api/executions/[redacted]")]
    [InlineData("to=tom%40example.com", "to=[redacted]")]
    [InlineData("+15550100203", "[redacted]")]
    [InlineData("call (555) 010-0203 now", "call [redacted] now")]
    [InlineData("555.010.4576", "[redacted]")]
    [InlineData("?phone=%2B15550100203", "?phone=[redacted]")]
    public void Redact_PersonalData_IsMasked(string text, string expected) =>
        Assert.Equal(expected, PersonalDataRedactor.Redact(text));

    [Theory]
    [InlineData("6f1b8a52-3c8e-4f0e-9d4a-51c0f2a7e6b1")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("2026-12-07T19:00:00.0000000Z")]
    [InlineData("SELECT id FROM automation_events LIMIT @batchSize")]
    [InlineData("POST /v2/messages 200")]
    [InlineData("step 12 of 40")]
    public void Redact_IdsTimesAndQueries_StayAsTheyAre(string text) =>
        Assert.Same(text, PersonalDataRedactor.Redact(text));
}
