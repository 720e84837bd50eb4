using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.Topics;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class NotificationSenderTopicTests
{
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{ "order": 42 }""");
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();

    private NotificationSender Sender() => new(_store, _channel, new DeliveryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });

    private async Task ConnectAsync(string connectionId, string userId, params string[] topics)
    {
        // Settled: a 410 from a subscriber is final and prunes it.
        var record = TestRecords.Settled(connectionId, userId, "http://127.0.0.1/local");
        await _store.AddAsync(record);
        foreach (var topic in topics)
        {
            await _store.SubscribeAsync(record, topic);
        }
    }

    [Fact]
    public async Task SendToTopicAsync_ReachesSubscribersOnly()
    {
        await ConnectAsync("a", "alice", "orders/42");
        await ConnectAsync("b", "bob", "orders/42", "orders/43");
        await ConnectAsync("c", "carol", "orders/43");

        var report = await Sender().SendToTopicAsync("orders/42", Message);

        Assert.Equal(["a", "b"], report.Delivered.Order());
        Assert.Equal(["{\"order\":42}"], _channel.Received("a"));
        Assert.Equal(0, _channel.Attempts("c"));
    }

    [Fact]
    public async Task SendToTopicAsync_ExcludedConnection_IsSkipped()
    {
        await ConnectAsync("a", "alice", "room:1");
        await ConnectAsync("b", "bob", "room:1");

        var report = await Sender().SendToTopicAsync("room:1", Message, excludeConnectionId: "a");

        Assert.Equal(["b"], report.Delivered);
        Assert.Equal(0, _channel.Attempts("a"));
    }

    [Fact]
    public async Task SendToTopicAsync_GoneSubscriber_IsPrunedWithItsSubscriptions()
    {
        await ConnectAsync("live", "alice", "room:1");
        await ConnectAsync("dead", "bob", "room:1", "room:2");
        _channel.Script("dead", ManagementCallStatus.Gone);

        var report = await Sender().SendToTopicAsync("room:1", Message);

        Assert.Equal(["dead"], report.Gone);
        Assert.Null(await _store.GetAsync("dead"));
        Assert.Empty(await _store.ListTopicsAsync("dead"));
        Assert.Equal(0, await _store.CountSubscribersAsync("room:2"));
        Assert.Equal(1, await _store.CountSubscribersAsync("room:1"));
    }

    [Fact]
    public async Task SendToTopicAsync_NotATopicName_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Sender().SendToTopicAsync("orders/*", Message));
    }

    [Fact]
    public async Task GetPresenceAsync_CountsTheUsersLiveConnections()
    {
        await ConnectAsync("phone", "alice");
        await ConnectAsync("laptop", "alice", "room:1");

        var alice = await Sender().GetPresenceAsync("alice");
        var bob = await Sender().GetPresenceAsync("bob");

        Assert.Equal(new Presence("alice", true, 2), alice);
        Assert.Equal(new Presence("bob", false, 0), bob);
    }

    [Fact]
    public async Task CountTopicMembersAsync_CountsSubscribedConnections()
    {
        await ConnectAsync("a", "alice", "room:1");
        await ConnectAsync("b", "alice", "room:1");
        await ConnectAsync("c", "bob", "room:2");

        Assert.Equal(new TopicMembers("room:1", 2), await Sender().CountTopicMembersAsync("room:1"));
        Assert.Equal(0, (await Sender().CountTopicMembersAsync("room:3")).Members);
    }

    [Theory]
    [InlineData("""{"topic":"orders/42","message":{"a":1}}""", "orders/42", null, null)]
    [InlineData("""{"topic":"orders/42","excludeConnectionId":"Jx2fCd1voAMCLtg=","message":1}""", "orders/42", "Jx2fCd1voAMCLtg=", null)]
    [InlineData("""{"topic":"orders/*","message":1}""", null, null, "only letters")]
    [InlineData("""{"topic":"room:1","userId":"alice","message":1}""", null, null, "one kind of recipient")]
    [InlineData("""{"topic":"room:1","connectionId":"x","message":1}""", null, null, "one kind of recipient")]
    [InlineData("""{"userId":"alice","excludeConnectionId":"x","message":1}""", null, null, "topic sends only")]
    [InlineData("""{"message":1}""", null, null, "\"topic\"")]
    [InlineData("""{"userId":"alice","message":null}""", null, null, null)]
    [InlineData("""{"userId":"alice"}""", null, null, "no \"message\"")]
    [InlineData("""not json""", null, null, "not valid JSON")]
    [InlineData("", null, null, "not valid JSON")]
    [InlineData("""[{"userId":"alice","message":1}]""", null, null, "must be a JSON object")]
    [InlineData("""{"userIds":["alice",2],"message":1}""", null, null, "must be a JSON object")]
    public void PublishRequest_TopicBodies_ParseOrExplain(string body, string? topic, string? excluded, string? error)
    {
        var parsed = PublishRequest.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out var request, out var reason, out _);

        Assert.Equal(error is null, parsed);
        if (error is null)
        {
            Assert.Equal(topic, request!.Topic);
            Assert.Equal(excluded, request.ExcludeConnectionId);
        }
        else
        {
            Assert.Contains(error, reason, StringComparison.Ordinal);
        }
    }
}
