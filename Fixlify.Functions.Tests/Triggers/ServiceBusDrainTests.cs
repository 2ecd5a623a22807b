using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Dapper;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Fixlify.Tests.Triggers;

/// <summary>The scheduler's Service Bus part, with a Moq'd ServiceBusReceiver: complete after dispatch, abandon on failure, dead-letter junk.</summary>
public sealed class ServiceBusDrainTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    ServiceProvider _services = null!;
    Guid _organization;
    Guid _workflow;

    public async Task InitializeAsync()
    {
        _services = TriggerServices.Build(database);
        await using var connection = await database.OpenAsync();
        _organization = await TestData.OrganizationAsync(connection);
        _workflow = await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO automation_workflows (organization_id, name, trigger_type, trigger_config, steps)
            VALUES (@_organization, 'thank you', 'job_completed', '{}',
                    '[{"id": "task", "type": "action", "actionType": "create_task", "config": {"title": "Call {{ client.first_name }}"}}]')
            RETURNING id
            """,
            new { _organization });
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task ValidEvent_IsDispatchedMarkedProcessedAndCompleted()
    {
        var automationEvent = await CompletedJobEventAsync();
        var message = Message(automationEvent.ToJson().ToJsonString(), automationEvent.Id.ToString());
        var (receiver, drain) = Drain([message]);
        var client = Client();

        var handled = await drain.DrainAsync(client.Object, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(1, handled);
        receiver.Verify(r => r.CompleteMessageAsync(message, It.IsAny<CancellationToken>()), Times.Once);
        receiver.Verify(r => r.AbandonMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()), Times.Never);
        var executionId = ExecutionStarter.ExecutionIdFor(automationEvent.Id, _workflow);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == WorkflowTasks.RunWorkflow), It.IsAny<object>(),
            It.Is<StartOrchestrationOptions>(o => o.InstanceId == executionId.ToString()), It.IsAny<CancellationToken>()), Times.Once);
        await using var connection = await database.OpenAsync();
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT processed_at FROM automation_events WHERE id = @Id", new { automationEvent.Id }));
        Assert.Equal("pending", await connection.ExecuteScalarAsync<string>("SELECT status FROM automation_execution_logs WHERE id = @executionId", new { executionId }));
    }

    [Fact]
    public async Task DispatchFails_MessageIsAbandoned_AndEventStaysUnprocessed()
    {
        var automationEvent = await CompletedJobEventAsync();
        var message = Message(automationEvent.ToJson().ToJsonString(), automationEvent.Id.ToString());
        var (receiver, drain) = Drain([message]);
        var client = Client(fail: true);

        await drain.DrainAsync(client.Object, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        receiver.Verify(r => r.AbandonMessageAsync(message, It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()), Times.Once);
        receiver.Verify(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()), Times.Never);
        await using var connection = await database.OpenAsync();
        Assert.Null(await connection.ExecuteScalarAsync<DateTime?>("SELECT processed_at FROM automation_events WHERE id = @Id", new { automationEvent.Id }));
    }

    [Theory]
    [InlineData("this is not json", "not JSON")]
    [InlineData("""{"id": "6a1e2b9c-0c3d-4d39-a4c4-0f4f9e3b1c11", "organizationId": "6a1e2b9c-0c3d-4d39-a4c4-0f4f9e3b1c12", "eventType": "job_exploded"}""", "Unknown event type 'job_exploded'")]
    [InlineData("""{"id": "6a1e2b9c-0c3d-4d39-a4c4-0f4f9e3b1c11", "eventType": "job_completed"}""", "no organization")]
    public async Task MalformedMessage_IsDeadLetteredWithTheReason(string body, string reason)
    {
        var message = Message(body, "junk-1");
        var (receiver, drain) = Drain([message]);

        var handled = await drain.DrainAsync(Client().Object, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(0, handled);
        receiver.Verify(r => r.DeadLetterMessageAsync(message, "MalformedEvent", It.Is<string>(d => d.Contains(reason, StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        receiver.Verify(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()), Times.Never);
        receiver.Verify(r => r.AbandonMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    (Mock<ServiceBusReceiver> Receiver, ServiceBusDrain Drain) Drain(IReadOnlyList<ServiceBusReceivedMessage> messages)
    {
        var receiver = new Mock<ServiceBusReceiver>();
        var delivered = false;
        receiver.Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .Returns(async (int _, TimeSpan? wait, CancellationToken cancellationToken) =>
            {
                if (!delivered)
                {
                    delivered = true;
                    return messages;
                }

                await Task.Delay(wait ?? TimeSpan.FromMilliseconds(50), cancellationToken);
                return [];
            });
        var drain = new ServiceBusDrain(receiver.Object, _services.GetRequiredService<EventDispatcher>(), _services.GetRequiredService<ServiceDatabase>(), NullLogger<ServiceBusDrain>.Instance);
        return (receiver, drain);
    }

    static Mock<DurableTaskClient> Client(bool fail = false)
    {
        var client = new Mock<DurableTaskClient>("test");
        var setup = client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()));
        if (fail)
        {
            setup.ThrowsAsync(new InvalidOperationException("the task hub is unavailable"));
        }
        else
        {
            setup.Returns((TaskName _, object _, StartOrchestrationOptions options, CancellationToken _) => Task.FromResult(options.InstanceId!));
        }

        return client;
    }

    static ServiceBusReceivedMessage Message(string body, string messageId) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(BinaryData.FromString(body), messageId: messageId, deliveryCount: 1);

    async Task<AutomationEvent> CompletedJobEventAsync()
    {
        await using var connection = await database.OpenAsync();
        var client = await TestData.ClientAsync(connection, _organization, "Dana");
        var job = await TestData.JobAsync(connection, _organization, client, "in_progress");
        await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
        await TestData.ExpandChangesAsync(connection);
        var id = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM automation_events WHERE entity_id = @job AND event_type = 'job_completed'", new { job });
        var payload = JsonNode.Parse(await connection.ExecuteScalarAsync<string>("SELECT payload::text FROM automation_events WHERE id = @id", new { id }) ?? "{}") as JsonObject ?? [];
        return new AutomationEvent(id, _organization, "job_completed", "job", job, payload, null, 0, DateTimeOffset.UtcNow);
    }
}
