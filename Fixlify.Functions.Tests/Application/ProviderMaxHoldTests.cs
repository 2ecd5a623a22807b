using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Application;

/// <summary>A step held for the longest hold (<c>Holds:MaxHold</c>) fails, saying why, and nothing is sent after.</summary>
public sealed class ProviderMaxHoldTests(ShortHoldApp app) : IClassFixture<ShortHoldApp>
{
    [Fact]
    public async Task Run_SmtpServerDownLongerThanTheLongestHold_TheStepFailsSayingWhyAndIsNotSentLater()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Lena", "lena@example.com", phone: null);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("held too long", Steps.Action("mail", "send_email", new JsonObject
        {
            ["subject"] = "Your visit", ["text"] = "Hi {{ client.first_name }}.",
        }, maxAttempts: 2)));
        app.StopSmtp();
        Guid execution;
        try
        {
            execution = await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() });
            var failed = await app.Api.WaitForAsync(execution, TimeSpan.FromSeconds(60));

            Assert.Equal("failed", failed.Status());
            Assert.Contains("Not sent: the email server is not answering and the message was held for 3 seconds", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_held_steps WHERE execution_id = @execution", new { execution }));
        }
        finally
        {
            app.StartSmtp();
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(app.EmailsOf(execution));
    }
}
