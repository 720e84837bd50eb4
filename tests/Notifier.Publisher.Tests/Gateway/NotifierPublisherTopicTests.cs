using Notifier.Aws.Management;
using Notifier.Local.Tests.Gateway;
using Notifier.Testing.Dynalite;

namespace Notifier.Publisher.Tests.Gateway;

/// <summary>Topics through the publisher, with the local gateway writing subscriptions to the same DynamoDB tables on dynalite.</summary>
[Collection(DynaliteCollection.Name)]
public sealed class NotifierPublisherTopicTests
{
    private readonly DynaliteServer _dynalite;

    public NotifierPublisherTopicTests(DynaliteServer dynalite)
    {
        _dynalite = dynalite;
    }

    [SkippableFact]
    public async Task SendToTopicAsync_DocsExample_ReachesSubscribersButTheExcluded_AndCountsThem()
    {
        _dynalite.RequireAvailable();
        var tableName = $"connections-{Guid.NewGuid():N}";
        var topicsTableName = $"topics-{Guid.NewGuid():N}";
        await using var harness = await GatewayHarness.StartAsync(dynamoDbUrl: _dynalite.Endpoint, tableName: tableName, topicsTableName: topicsTableName);
        var editor = await harness.ConnectWithTopicsAsync("alice", "orders/*");
        var viewer = await harness.ConnectWithTopicsAsync("bob", "orders/*");
        var elsewhere = await harness.ConnectWithTopicsAsync("carol", "orders/*");
        await GatewayHarness.TopicActionAsync(editor, "subscribe", "orders/42");
        await GatewayHarness.TopicActionAsync(viewer, "subscribe", "orders/42");
        await GatewayHarness.TopicActionAsync(elsewhere, "subscribe", "orders/43");
        var editorConnectionId = await harness.ConnectionIdAsync(editor);
        using var timeout = new CancellationTokenSource(GatewayHarness.Timeout);
        var cancellationToken = timeout.Token;
        await using var publisher = new NotifierPublisher(new NotifierPublisherOptions
        {
            TableName = tableName,
            TopicsTableName = topicsTableName,
            DynamoDbServiceUrl = _dynalite.Endpoint,
            ManagementEndpointOverride = harness.Gateway.ManagementEndpoint,
            Signing = ManagementApiSigning.None,
        });

        #region publisher-topic-example
        // Everyone watching order 42, except the connection whose edit caused the update.
        var report = await publisher.SendToTopicAsync("orders/42", """{ "type": "order.updated", "orderId": 42 }""", editorConnectionId, cancellationToken);
        var members = await publisher.CountTopicMembersAsync("orders/42", cancellationToken);
        var presence = await publisher.GetPresenceAsync("bob", cancellationToken);
        Console.WriteLine($"{report.Delivered.Count} of {members.Members} watchers reached; bob online: {presence.Online} ({presence.Connections})");
        #endregion

        Assert.Single(report.Delivered);
        Assert.Equal(2, members.Members);
        Assert.Equal(new Core.Topics.Presence("bob", true, 1), presence);
        Assert.Equal("""{"type":"order.updated","orderId":42}""", await GatewayHarness.ReceiveTextAsync(viewer));
        await GatewayHarness.AssertNothingPendingAsync(editor);
        await GatewayHarness.AssertNothingPendingAsync(elsewhere);
    }
}
