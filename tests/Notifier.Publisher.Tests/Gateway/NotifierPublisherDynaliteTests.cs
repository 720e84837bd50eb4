using System.Net.WebSockets;
using Notifier.Aws.Management;
using Notifier.Local.Tests.Gateway;
using Notifier.Testing.Connections;
using Notifier.Testing.Dynalite;

namespace Notifier.Publisher.Tests.Gateway;

/// <summary>
/// The publisher and the local gateway share one DynamoDB table on dynalite, as a backend service and the Lambda
/// functions do on AWS: publisher → table lookup → gateway <c>@connections</c> → sockets.
/// </summary>
[Collection(DynaliteCollection.Name)]
public sealed class NotifierPublisherDynaliteTests
{
    private readonly DynaliteServer _dynalite;

    public NotifierPublisherDynaliteTests(DynaliteServer dynalite)
    {
        _dynalite = dynalite;
    }

    [SkippableFact]
    public async Task SendToUserAsync_DocsExample_BothDevicesReceive_OtherUserNothing()
    {
        _dynalite.RequireAvailable();
        var tableName = $"connections-{Guid.NewGuid():N}";
        await using var harness = await GatewayHarness.StartAsync(dynamoDbUrl: _dynalite.Endpoint, tableName: tableName);
        var phone = await harness.ConnectAsync("alice");
        var laptop = await harness.ConnectAsync("alice");
        var bob = await harness.ConnectAsync("bob");
        var ids = new[] { await harness.ConnectionIdAsync(phone), await harness.ConnectionIdAsync(laptop) };
        await harness.ConnectionIdAsync(bob);
        var dynamoDbUrl = _dynalite.Endpoint;
        var gatewayEndpoint = harness.Gateway.ManagementEndpoint;
        using var timeout = new CancellationTokenSource(GatewayHarness.Timeout);
        var cancellationToken = timeout.Token;

        #region publisher-example
        await using var publisher = new NotifierPublisher(new NotifierPublisherOptions
        {
            TableName = tableName,                        // the stack's connections table
            DynamoDbServiceUrl = dynamoDbUrl,             // local only: dynalite or DynamoDB Local
            ManagementEndpointOverride = gatewayEndpoint, // local only: http://127.0.0.1:8080/local
            Signing = ManagementApiSigning.None,          // local only: the gateway takes unsigned calls
        });
        var report = await publisher.SendToUserAsync("alice", """{ "type": "order.shipped", "orderId": 42 }""", cancellationToken);
        Console.WriteLine($"{report.Delivered.Count} delivered, {report.Gone.Count} gone, {report.Failed.Count} failed");
        #endregion

        Assert.Equal(ids.Order(StringComparer.Ordinal), report.Delivered.Order(StringComparer.Ordinal));
        Assert.Empty(report.Gone);
        Assert.Empty(report.Failed);
        Assert.Equal("""{"type":"order.shipped","orderId":42}""", await GatewayHarness.ReceiveTextAsync(phone));
        Assert.Equal("""{"type":"order.shipped","orderId":42}""", await GatewayHarness.ReceiveTextAsync(laptop));
        await GatewayHarness.SendTextAsync(bob, """{"action":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(bob));
    }

    [SkippableFact]
    public async Task SendToUserAsync_DeviceClosedWithoutDisconnect_ReportedGoneAndPrunedFromTheTable()
    {
        _dynalite.RequireAvailable();
        var tableName = $"connections-{Guid.NewGuid():N}";
        await using var harness = await GatewayHarness.StartAsync(dynamoDbUrl: _dynalite.Endpoint, tableName: tableName);
        await using var publisher = new NotifierPublisher(SharedTable(harness, tableName));
        var phone = await harness.ConnectAsync("alice");
        var laptop = await harness.ConnectAsync("alice");
        var phoneId = await harness.ConnectionIdAsync(phone);
        var laptopId = await harness.ConnectionIdAsync(laptop);
        var laptopRecord = await harness.Store.GetAsync(laptopId).WaitAsync(GatewayHarness.Timeout);

        // $disconnect is best effort: the laptop leaves and its record is put back as if that call had been lost,
        // connected long enough ago that its 410 is final (a 410 just after $connect is a socket still opening).
        await laptop.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(GatewayHarness.Timeout);
        Assert.True(await harness.RecordGoneWithinASecondAsync(laptopId));
        await harness.Store.AddAsync(laptopRecord! with { ConnectedAt = laptopRecord.ConnectedAt - TestRecords.SettledAge }).WaitAsync(GatewayHarness.Timeout);

        var report = await publisher.SendToUserAsync("alice", """{"n":1}""").WaitAsync(GatewayHarness.Timeout);

        Assert.Equal([phoneId], report.Delivered);
        Assert.Equal([laptopId], report.Gone);
        Assert.False(report.PruneFailed);
        Assert.Null(await harness.Store.GetAsync(laptopId).WaitAsync(GatewayHarness.Timeout));
        Assert.Equal("""{"n":1}""", await GatewayHarness.ReceiveTextAsync(phone));
    }

    [SkippableFact]
    public async Task BroadcastAsync_SharedTable_EverySocketReceivesOnce()
    {
        _dynalite.RequireAvailable();
        var tableName = $"connections-{Guid.NewGuid():N}";
        await using var harness = await GatewayHarness.StartAsync(dynamoDbUrl: _dynalite.Endpoint, tableName: tableName);
        await using var publisher = new NotifierPublisher(SharedTable(harness, tableName));
        var sockets = new[] { await harness.ConnectAsync("alice"), await harness.ConnectAsync("bob"), await harness.ConnectAsync("carol") };
        foreach (var socket in sockets)
        {
            await harness.ConnectionIdAsync(socket);
        }

        var report = await publisher.BroadcastAsync("""{"type":"maintenance"}""").WaitAsync(GatewayHarness.Timeout);

        Assert.Equal(3, report.Delivered.Count);
        foreach (var socket in sockets)
        {
            Assert.Equal("""{"type":"maintenance"}""", await GatewayHarness.ReceiveTextAsync(socket));
            await GatewayHarness.SendTextAsync(socket, """{"action":"ping"}""");
            Assert.Equal("""{"type":"pong"}""", await GatewayHarness.ReceiveTextAsync(socket));
        }
    }

    private NotifierPublisherOptions SharedTable(GatewayHarness harness, string tableName) => new()
    {
        TableName = tableName,
        DynamoDbServiceUrl = _dynalite.Endpoint,
        ManagementEndpointOverride = harness.Gateway.ManagementEndpoint,
        Signing = ManagementApiSigning.None,
        ManagementTimeout = GatewayHarness.Timeout,
    };
}
