using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;
using Notifier.Testing.Logging;

namespace Notifier.Core.Tests.Delivery;

/// <summary>
/// A 410 from a connection whose <c>$connect</c> has just stored it: the socket may not be open yet, so the post is
/// retried while the connection is within <see cref="DeliveryOptions.ConnectGrace"/> and its record is never pruned.
/// </summary>
public sealed class SenderConnectGraceTests
{
    private const string Endpoint = "http://127.0.0.1/local";
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{"title":"welcome"}""");
    private static readonly DeliveryOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly RecordingLogger<NotificationSender> _logger = new();

    private NotificationSender Sender(DeliveryOptions? options = null, TimeProvider? time = null) =>
        new(_store, _channel, options ?? FastRetries, time, _logger);

    [Fact]
    public async Task SendToUserAsync_JustConnected_GoneThenOpen_DeliveredOnce_RecordKept()
    {
        await _store.AddAsync(TestRecords.JustConnected("opening", "alice", Endpoint));
        _channel.Script("opening", ManagementCallStatus.Gone);

        var report = await Sender().SendToUserAsync("alice", Message).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["opening"], report.Delivered);
        Assert.Empty(report.Gone);
        Assert.Equal(2, _channel.Attempts("opening"));
        Assert.Single(_channel.Received("opening"));
        Assert.NotNull(await _store.GetAsync("opening"));
    }

    [Fact]
    public async Task SendToUserAsync_JustConnected_AlwaysGone_ReportedGone_RecordKept_PostsBounded()
    {
        await _store.AddAsync(TestRecords.JustConnected("never-opens", "alice", Endpoint));
        _channel.Script("never-opens", Enumerable.Repeat(ManagementCallStatus.Gone, 50).ToArray());

        var report = await Sender(new DeliveryOptions { EstablishingRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) })
            .SendToUserAsync("alice", Message).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["never-opens"], report.Gone);
        Assert.False(report.PruneFailed);
        Assert.Equal(4, _channel.Attempts("never-opens"));
        Assert.NotNull(await _store.GetAsync("never-opens"));
        var kept = Assert.Single(_logger.Entries, e => e.EventId.Id == 2005);
        Assert.Equal(LogLevel.Debug, kept.Level);
        Assert.Equal("Connection never-opens answered 410 within its connect grace; record kept", kept.Message);
    }

    [Fact]
    public async Task SendToUserAsync_SettledConnectionGone_PrunedAfterExactlyOnePost()
    {
        await _store.AddAsync(TestRecords.Settled("closed", "alice", Endpoint));
        await _store.AddAsync(TestRecords.JustConnected("live", "alice", Endpoint));
        _channel.Script("closed", Enumerable.Repeat(ManagementCallStatus.Gone, 50).ToArray());

        var report = await Sender().SendToUserAsync("alice", Message);

        Assert.Equal(["closed"], report.Gone);
        Assert.Equal(["live"], report.Delivered);
        Assert.Equal(1, _channel.Attempts("closed"));
        Assert.Null(await _store.GetAsync("closed"));
        Assert.DoesNotContain(_logger.Entries, e => e.EventId.Id == 2005);
    }

    [Fact]
    public async Task SendToUserAsync_ConnectGraceZero_JustConnectedGone_PrunedAfterOnePost()
    {
        await _store.AddAsync(TestRecords.JustConnected("opening", "alice", Endpoint));
        _channel.Script("opening", ManagementCallStatus.Gone);

        var report = await Sender(new DeliveryOptions { ConnectGrace = TimeSpan.Zero }).SendToUserAsync("alice", Message);

        Assert.Equal(["opening"], report.Gone);
        Assert.Equal(1, _channel.Attempts("opening"));
        Assert.Null(await _store.GetAsync("opening"));
    }

    [Fact]
    public async Task SendToUserAsync_GraceEndsWhileRetrying_NoMoreRetries_PrunedAsSettled()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var grace = TimeSpan.FromSeconds(5);
        await _store.AddAsync(TestRecords.OpenedAt("opening", "alice", Endpoint, time.GetUtcNow() - grace + TimeSpan.FromMilliseconds(100)));
        _channel.Script("opening", Enumerable.Repeat(ManagementCallStatus.Gone, 50).ToArray());
        var options = new DeliveryOptions { ConnectGrace = grace, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1) };

        var sending = Sender(options, time).SendToUserAsync("alice", Message);
        await WaitUntilAsync(() => _channel.Attempts("opening") == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        var report = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["opening"], report.Gone);
        Assert.Equal(2, _channel.Attempts("opening"));
        Assert.Null(await _store.GetAsync("opening"));
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(0, -1)]
    public void Validate_NegativeGraceOrRetries_Throws(int graceMilliseconds, int retries)
    {
        var options = new DeliveryOptions { ConnectGrace = TimeSpan.FromMilliseconds(graceMilliseconds), EstablishingRetries = retries };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("ConnectGrace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeliveryOptions_Defaults_FiveSecondGrace_FiveRetries()
    {
        var options = new DeliveryOptions();

        Assert.Equal((TimeSpan.FromSeconds(5), 5), (options.ConnectGrace, options.EstablishingRetries));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
