using Microsoft.AspNetCore.Http;
using Notifier.Aws.Management;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using static Notifier.Aws.Tests.Management.TestManagementClients;

namespace Notifier.Aws.Tests.Management;

/// <summary>What the client puts on the wire, what it reads back, and that it reuses connections.</summary>
public sealed class ManagementApiClientRequestTests : IAsyncLifetime
{
    private FakeManagementEndpoint _endpoint = null!;
    private ManagementApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _endpoint = await FakeManagementEndpoint.StartAsync();
        _client = Signed();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task PostToConnectionAsync_AwkwardId_SendsEscapedPathAndExactBytes()
    {
        byte[] message = [.. "{\"text\":\"h\u00e9llo\",\"n\":1}"u8, 0x00, 0xFF];

        var result = await _client.PostToConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId, message).WaitAsync(Wait);

        Assert.Equal(PostResult.Delivered, result);
        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/local/@connections/L0SM%2BcOF%2FHcCIhw%3D", request.RawPath);
        Assert.Equal("", request.RawQuery);
        Assert.Equal(message, request.Body.ToArray());
    }

    [Fact]
    public async Task PostToConnectionAsync_EndpointWithTrailingSlash_SendsOneSlash()
    {
        await _client.PostToConnectionAsync(_endpoint.Endpoint + "/", "abc=", "{}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal("/local/@connections/abc%3D", Assert.Single(_endpoint.Requests).RawPath);
    }

    [Fact]
    public async Task PostAsync_ConnectionRecord_PostsToItsEndpointAndId()
    {
        var connection = new ConnectionRecord(AwkwardConnectionId, "user-1", _endpoint.Endpoint, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(2));

        var result = await ((IConnectionChannel)_client).PostAsync(connection, "{\"a\":1}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(ManagementCallStatus.Succeeded, result.Status);
        Assert.Equal("/local/@connections/L0SM%2BcOF%2FHcCIhw%3D", Assert.Single(_endpoint.Requests).RawPath);
    }

    [Fact]
    public async Task DeleteConnectionAsync_Answer204_IsDeliveredAndUsesDelete()
    {
        _endpoint.Answer(204);

        var result = await _client.DeleteConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId).WaitAsync(Wait);

        Assert.Equal(PostResult.Delivered, result);
        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/local/@connections/L0SM%2BcOF%2FHcCIhw%3D", request.RawPath);
        Assert.True(request.Body.IsEmpty);
    }

    [Fact]
    public async Task GetConnectionAsync_ConnectionJson_IsParsed()
    {
        _endpoint.Respond = context => context.Response.WriteAsync(
            """{"connectedAt":"2024-01-01T00:00:00.000Z","identity":{"sourceIp":"203.0.113.7","userAgent":"test-agent/1.0"},"lastActiveAt":"2024-01-01T00:05:30.250Z"}""");

        var result = await _client.GetConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId).WaitAsync(Wait);

        Assert.True(result.Found);
        Assert.Equal(ManagementCallStatus.Succeeded, result.Status);
        Assert.Equal(
            new ConnectionDetails(
                new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 1, 1, 0, 5, 30, 250, TimeSpan.Zero),
                "203.0.113.7",
                "test-agent/1.0"),
            result.Connection);
        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/local/@connections/L0SM%2BcOF%2FHcCIhw%3D", request.RawPath);
    }

    [Theory]
    [InlineData("NotJson", "<html>hi</html>")]
    [InlineData("NoConnectedAt", """{"identity":{"sourceIp":"203.0.113.7"}}""")]
    [InlineData("ConnectedAtNotADate", """{"connectedAt":"yesterday"}""")]
    [InlineData("Empty", "")]
    [InlineData("Null", "null")]
    public async Task GetConnectionAsync_MalformedBody_IsFailed(string name, string body)
    {
        _endpoint.Respond = context => context.Response.WriteAsync(body);

        var result = await _client.GetConnectionAsync(_endpoint.Endpoint, "abc=").WaitAsync(Wait);

        Assert.True(result.Status == ManagementCallStatus.Failed, name);
        Assert.Null(result.Connection);
    }

    [Fact]
    public async Task PostToConnectionAsync_ManySequentialPosts_ReuseConnections()
    {
        const int posts = 200;

        for (var i = 0; i < posts; i++)
        {
            var result = await _client.PostToConnectionAsync(_endpoint.Endpoint, $"id{i}=", "{}"u8.ToArray()).WaitAsync(Wait);
            Assert.Equal(ManagementCallStatus.Succeeded, result.Status);
        }

        Assert.Equal(posts, _endpoint.Requests.Count);
        Assert.InRange(_endpoint.ConnectionCount, 1, 2);
    }

    [Fact]
    public async Task PostToConnectionAsync_SixtyFourConcurrentPosts_AllDelivered()
    {
        _endpoint.Respond = context => Task.Delay(50, context.RequestAborted);

        var results = await Task.WhenAll(Enumerable.Range(0, 64)
            .Select(i => _client.PostToConnectionAsync(_endpoint.Endpoint, $"id{i}=", "{}"u8.ToArray()))).WaitAsync(Wait);

        Assert.All(results, result => Assert.Equal(PostResult.Delivered, result));
        Assert.InRange(_endpoint.ConnectionCount, 2, 64);
    }
}
