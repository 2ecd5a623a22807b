using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Actions;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>send_email end to end: a workflow run over HTTP, the message received by a real SMTP server.</summary>
public sealed class SendEmailHandlerTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static JsonObject Email(JsonObject? extra = null)
    {
        var config = new JsonObject
        {
            ["subject"] = "Thanks, {{ client.first_name }}!",
            ["html"] = "<p>Hi {{ client.first_name }}, thanks for choosing {{ organization.name }}.</p>",
            ["text"] = "Hi {{ client.first_name }}, thanks for choosing {{ organization.name }}.",
        };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }

        return config;
    }

    async Task<Guid> ClientAsync(string firstName, string email, bool optedOut = false)
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, firstName, email, phone: null);
        await connection.ExecuteAsync("UPDATE clients SET email_opt_out = @optedOut WHERE id = @client", new { client, optedOut });
        return client;
    }

    [Fact]
    public async Task Run_SmtpServerReceivesTheRenderedEmail_WithSenderReplyToBodiesAndUnsubscribe()
    {
        var client = await ClientAsync("Dana <&>", "dana@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("thanks", Steps.Action("mail", "send_email", Email(new JsonObject { ["cc"] = "office-copy@test.example" }))));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("completed", execution.Status());
        var executionId = execution.GetProperty("id").GetGuid();
        var email = Assert.Single(app.EmailsOf(executionId));
        var from = Assert.Single(email.From.Mailboxes);
        Assert.Equal(("Test Plumbing", "office@test.example"), (from.Name, from.Address));
        Assert.Equal("reply@test.example", Assert.Single(email.ReplyTo.Mailboxes).Address);
        Assert.Equal("dana@example.com", Assert.Single(email.To.Mailboxes).Address);
        Assert.Equal("office-copy@test.example", Assert.Single(email.Cc.Mailboxes).Address);
        Assert.Equal("Thanks, Dana <&>!", email.Subject);
        Assert.Equal("Hi Dana <&>, thanks for choosing Test Plumbing.", email.TextBody?.Trim());
        Assert.Equal("<p>Hi Dana &lt;&amp;&gt;, thanks for choosing Test Plumbing.</p>", email.HtmlBody?.Trim());
        Assert.Equal(
            $"<mailto:reply@test.example?subject=unsubscribe>, <https://app.test.example/unsubscribe?client={client}&org={app.OrganizationId}>",
            Unfold(email.Headers["List-Unsubscribe"]));
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        // <execution>.<step hash>@<sender's domain>: the execution is readable in it, and it is on the sender's domain.
        Assert.Matches($@"^{executionId:N}\.[0-9a-f]+@test\.example$", email.MessageId);

        var step = execution.Step("mail");
        Assert.Equal("completed", step.Status());
        Assert.Equal(email.MessageId, step.GetProperty("output").GetProperty("messageId").GetString());
        Assert.Equal("d•••@example.com", step.GetProperty("output").GetProperty("to")[0].GetString());
        Assert.Equal(("sent", email.MessageId), await DeliveryAsync(executionId, "mail"));
    }

    [Fact]
    public async Task Run_TheStepKeepsTheEmailsTextAsSent_TheHtmlsWordsWhenThereIsNoTextBody()
    {
        var client = await ClientAsync("Ines", "ines@example.com");
        var htmlOnly = new JsonObject
        {
            ["subject"] = "Your visit, {{ client.first_name }}",
            ["html"] = "<style>p { color: red }</style><p>Hi {{ client.first_name }} &amp; family,</p><p>we come <b>Monday</b>.</p>",
        };
        var workflow = await app.Api.CreateWorkflowAsync(Linear("kept", Steps.Action("mail", "send_email", Email()), Steps.Action("html", "send_email", htmlOnly)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("completed", execution.Status());
        var mail = execution.Step("mail").GetProperty("output");
        Assert.Equal(("Thanks, Ines!", "Hi Ines, thanks for choosing Test Plumbing."), (mail.GetProperty("subject").GetString(), mail.GetProperty("text").GetString()));
        Assert.Equal("Hi Ines & family,\nwe come Monday.", execution.Step("html").GetProperty("output").GetProperty("text").GetString());
        await using var connection = await app.OpenAsync();
        var recorded = await connection.ExecuteScalarAsync<string>(
            "SELECT output->>'text' FROM automation_execution_steps WHERE execution_id = @id AND step_key = 'mail'", new { id = execution.GetProperty("id").GetGuid() });
        Assert.Equal("Hi Ines, thanks for choosing Test Plumbing.", recorded);
    }

    [Fact]
    public async Task Run_ClientOptedOutOfEmail_StepSuppressed_AndNothingSent()
    {
        var client = await ClientAsync("Olu", "olu@example.com", optedOut: true);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("opted out", Steps.Action("mail", "send_email", Email())));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("completed", execution.Status());
        var step = execution.Step("mail");
        Assert.Equal("suppressed", step.Status());
        Assert.Contains("opted out", step.GetProperty("output").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(app.EmailsOf(execution.GetProperty("id").GetGuid()));
        Assert.Equal("suppressed", (await DeliveryAsync(execution.GetProperty("id").GetGuid(), "mail")).Status);
    }

    [Fact]
    public async Task Run_CrashAfterSendBeforeRecording_RetryDoesNotSendAgain_SmtpHoldsExactlyOne()
    {
        var client = await ClientAsync("Kim", "kim@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("crash", Steps.Action("mail", "send_email", Email(), maxAttempts: 3)));
        var crashes = 0;
        app.AfterSend = (_, _) => Interlocked.Increment(ref crashes) == 1 ? throw new InvalidOperationException("process died after the send") : Task.CompletedTask;
        try
        {
            var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

            Assert.Equal("completed", execution.Status());
            var executionId = execution.GetProperty("id").GetGuid();
            Assert.Single(app.EmailsOf(executionId));
            var step = execution.Step("mail");
            Assert.Equal(2, step.GetProperty("attempts").GetInt32());
            Assert.True(step.GetProperty("output").GetProperty("inDoubt").GetBoolean());
            Assert.Equal("sending", (await DeliveryAsync(executionId, "mail")).Status);
        }
        finally
        {
            app.AfterSend = null;
        }
    }

    [Fact]
    public async Task Run_CrashAfterSendThenSmtpServerDown_LastAttemptEndsInDoubt_NotHeld()
    {
        var client = await ClientAsync("Lea", "lea@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("crash then down", Steps.Action("mail", "send_email", Email(), maxAttempts: 2)));
        var crashes = 0;
        app.AfterSend = (_, _) =>
        {
            if (Interlocked.Increment(ref crashes) != 1)
            {
                return Task.CompletedTask;
            }

            // The retry cannot even connect: the ledger's claim answers it without the server.
            app.EmailSender.FailNext(1);
            throw new InvalidOperationException("process died after the send");
        };
        try
        {
            var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

            Assert.Equal("completed", execution.Status());
            var executionId = execution.GetProperty("id").GetGuid();
            Assert.Single(app.EmailsOf(executionId));
            Assert.True(execution.Step("mail").GetProperty("output").GetProperty("inDoubt").GetBoolean());
        }
        finally
        {
            app.AfterSend = null;
            app.EmailSender.FailNext(0);
        }
    }

    [Fact]
    public async Task Run_SmtpConnectionFails_ClaimIsReleased_AndTheRetrySendsOnce()
    {
        var client = await ClientAsync("Ray", "ray@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("smtp down", Steps.Action("mail", "send_email", Email(), maxAttempts: 3)));
        app.EmailSender.FailNext(1);

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("completed", execution.Status());
        var executionId = execution.GetProperty("id").GetGuid();
        Assert.Single(app.EmailsOf(executionId));
        var step = execution.Step("mail");
        Assert.Equal(2, step.GetProperty("attempts").GetInt32());
        Assert.False(step.GetProperty("output").TryGetProperty("inDoubt", out _));
        Assert.Equal("sent", (await DeliveryAsync(executionId, "mail")).Status);
    }

    [Fact]
    public async Task Run_ClientEmailIsNotAnAddress_FailsPermanently_NamingTheFieldWithTheValueMasked()
    {
        var client = await ClientAsync("Zed", "zed.example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("bad address", Steps.Action("mail", "send_email", Email(), maxAttempts: 4)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("failed", execution.Status());
        var step = execution.Step("mail");
        Assert.Equal(1, step.GetProperty("attempts").GetInt32());
        var error = step.GetProperty("error").GetString()!;
        Assert.Contains("'to' is not an email address: z•••", error, StringComparison.Ordinal);
        Assert.DoesNotContain("zed.example.com", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoClientEmail_FailsPermanently_BecauseTheRecipientRenderedEmpty()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Nobody", email: null, phone: null);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("empty", Steps.Action("mail", "send_email", Email(), maxAttempts: 4)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("failed", execution.Status());
        Assert.Contains("'to' rendered empty", execution.Step("mail").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, execution.Step("mail").GetProperty("attempts").GetInt32());
    }

    [Theory]
    [InlineData("to", "not-an-address", "steps[0].config.to")]
    [InlineData("cc", "ok@example.com, broken@", "steps[0].config.cc")]
    [InlineData("subject", "", "steps[0].config.subject")]
    [InlineData("html", "{{ client.favourite_colour }}", "steps[0].config.html")]
    public async Task Save_InvalidConfig_IsRefusedWithThePath(string field, string value, string path)
    {
        using var response = await app.Api.PostAsJsonAsync(
            new Uri("api/workflows", UriKind.Relative), Linear("invalid", Steps.Action("mail", "send_email", Email(new JsonObject { [field] = value }))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Contains(path, errors);
    }

    async Task<(string Status, string? ProviderId)> DeliveryAsync(Guid executionId, string stepKey)
    {
        await using var connection = await app.OpenAsync();
        return await connection.QuerySingleAsync<(string, string?)>(
            "SELECT status, provider_id FROM automation_deliveries WHERE execution_id = @executionId AND step_key = @stepKey", new { executionId, stepKey });
    }

    static string Unfold(string? header) => string.Join(' ', (header ?? "").Split(["\r\n", "\n"], StringSplitOptions.None).Select(l => l.Trim())).Trim();
}
