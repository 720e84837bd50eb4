using System.Diagnostics;
using Notifier.Aws.Management;
using Notifier.Core.Delivery;
using Notifier.Testing.Network;
using static Notifier.Aws.Tests.Management.TestManagementClients;

namespace Notifier.Aws.Tests.Management;

/// <summary>Timeouts, refused connections, bad endpoints and the caller's cancellation.</summary>
public sealed class ManagementApiClientFailureTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task PostToConnectionAsync_AnswerSlowerThanTimeout_IsUnconfirmedWithinBound()
    {
        await using var endpoint = await FakeManagementEndpoint.StartAsync();
        endpoint.Respond = context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        using var client = Signed(ShortTimeout);
        var clock = Stopwatch.StartNew();

        var result = await client.PostToConnectionAsync(endpoint.Endpoint, "abc=", "{}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(ManagementCallStatus.Unconfirmed, result.Status);
        Assert.Equal("timed out after 300 ms", result.Detail);
        // The timeout's timer may fire a few milliseconds before the stopwatch reads the full 300 ms.
        Assert.InRange(clock.Elapsed, ShortTimeout - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GetConnectionAsync_ServerNeverAnswers_IsTransientFailure()
    {
        await using var silent = new SilentTcpServer();
        using var client = Signed(ShortTimeout);

        var result = await client.GetConnectionAsync(silent.Endpoint.AbsoluteUri + "local", "abc=").WaitAsync(Wait);

        Assert.Equal(new ConnectionInfoResult(ManagementCallStatus.TransientFailure, null, "timed out after 300 ms"), result);
    }

    [Fact]
    public async Task DeleteConnectionAsync_AnswerSlowerThanTimeout_IsTransientFailure()
    {
        await using var endpoint = await FakeManagementEndpoint.StartAsync();
        endpoint.Respond = context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        using var client = Signed(ShortTimeout);

        var result = await client.DeleteConnectionAsync(endpoint.Endpoint, "abc=").WaitAsync(Wait);

        Assert.Equal(new PostResult(ManagementCallStatus.TransientFailure, "timed out after 300 ms"), result);
    }

    [Fact]
    public async Task PostToConnectionAsync_ServerHangsUpAfterReadingThePost_IsUnconfirmed()
    {
        await using var endpoint = await FakeManagementEndpoint.StartAsync();
        endpoint.Respond = context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };
        using var client = Signed();

        var result = await client.PostToConnectionAsync(endpoint.Endpoint, "abc=", "{}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(ManagementCallStatus.Unconfirmed, result.Status);
        Assert.StartsWith("network error", result.Detail, StringComparison.Ordinal);
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task PostToConnectionAsync_ClosedPort_IsTransientFailure()
    {
        using var client = Signed();

        var result = await client.PostToConnectionAsync(SilentTcpServer.ClosedEndpoint().AbsoluteUri + "local", "abc=", "{}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(ManagementCallStatus.TransientFailure, result.Status);
        Assert.StartsWith("network error", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostToConnectionAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var endpoint = await FakeManagementEndpoint.StartAsync();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        endpoint.Respond = async context =>
        {
            received.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        };
        using var client = Signed(TimeSpan.FromSeconds(20));
        using var cancellation = new CancellationTokenSource();

        var post = client.PostToConnectionAsync(endpoint.Endpoint, "abc=", "{}"u8.ToArray(), cancellation.Token);
        await received.Task.WaitAsync(Wait);
        await cancellation.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post.WaitAsync(Wait));
        Assert.Equal(cancellation.Token, thrown.CancellationToken);
    }

    [Fact]
    public async Task DeleteConnectionAsync_AlreadyCancelled_ThrowsWithoutSending()
    {
        await using var endpoint = await FakeManagementEndpoint.StartAsync();
        using var client = Signed();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.DeleteConnectionAsync(endpoint.Endpoint, "abc=", new CancellationToken(canceled: true)).WaitAsync(Wait));

        Assert.Empty(endpoint.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("/relative/local")]
    [InlineData("ftp://127.0.0.1/local")]
    [InlineData("http://127.0.0.1/local?stage=1")]
    public async Task PostToConnectionAsync_InvalidEndpoint_IsFailedWithoutThrowing(string endpoint)
    {
        using var client = Unsigned();

        var result = await client.PostToConnectionAsync(endpoint, "abc=", "{}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(new PostResult(ManagementCallStatus.Failed, "invalid endpoint"), result);
    }

    [Fact]
    public async Task PostToConnectionAsync_EmptyConnectionId_Throws()
    {
        using var client = Unsigned();

        await Assert.ThrowsAsync<ArgumentException>(() => client.PostToConnectionAsync("http://127.0.0.1/local", "", "{}"u8.ToArray()));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagementApiClient(new ManagementApiOptions { Signing = ManagementApiSigning.None, Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagementApiClient(new ManagementApiOptions { Signing = ManagementApiSigning.None, MaxConnectionsPerServer = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManagementApiClient(new ManagementApiOptions { Signing = (ManagementApiSigning)7 }));
    }
}
