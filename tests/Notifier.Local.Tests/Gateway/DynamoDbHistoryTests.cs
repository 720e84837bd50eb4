using System.Net;
using System.Text;
using System.Text.Json;
using Notifier.Testing.Dynalite;

namespace Notifier.Local.Tests.Gateway;

/// <summary>A gateway on DynamoDB (dynalite) keeps the message history in its messages table, so a restart loses none of it.</summary>
public sealed class DynamoDbHistoryTests : IClassFixture<DynaliteServer>
{
    private readonly DynaliteServer _dynalite;

    public DynamoDbHistoryTests(DynaliteServer dynalite)
    {
        _dynalite = dynalite;
    }

    [SkippableFact]
    public async Task History_OnDynamoDb_SurvivesAGatewayRestart_AndNumbersGoOn()
    {
        _dynalite.RequireAvailable();
        var suffix = Guid.NewGuid().ToString("N");
        var tables = (Connections: $"connections-{suffix}", Topics: $"topics-{suffix}", Messages: $"messages-{suffix}");
        Task<GatewayHarness> StartAsync() => GatewayHarness.StartAsync(
            dynamoDbUrl: _dynalite.Endpoint, tableName: tables.Connections, topicsTableName: tables.Topics, messagesTableName: tables.Messages);

        await using (var first = await StartAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PostNotificationAsync("""{"userId":"alice","message":{"text":"before"}}""")).StatusCode);
        }

        await using var second = await StartAsync();
        var kept = await MessagesAsync(second, "users/alice/messages");
        var published = await second.PostNotificationAsync("""{"userId":"alice","message":{"text":"after"}}""");
        var both = await MessagesAsync(second, "users/alice/messages");

        Assert.Equal(1, kept.GetProperty("last").GetInt64());
        Assert.Equal(["""{"text":"before"}"""], Texts(kept));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await published.Content.ReadAsStringAsync()).RootElement.GetProperty("streams").GetProperty("user:alice").GetInt64());
        Assert.Equal([1L, 2L], both.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(["""{"text":"before"}""", """{"text":"after"}"""], Texts(both));
    }

    [SkippableFact]
    public async Task Streams_OnDynamoDb_AreListedForTheDashboard_WithLastNumberAndKeptCount()
    {
        _dynalite.RequireAvailable();
        var suffix = Guid.NewGuid().ToString("N");
        await using var harness = await GatewayHarness.StartAsync(
            dynamoDbUrl: _dynalite.Endpoint, tableName: $"connections-{suffix}", topicsTableName: $"topics-{suffix}", messagesTableName: $"messages-{suffix}");
        foreach (var body in new[] { """{"userId":"bob","message":{"n":1}}""", """{"userId":"alice","message":{"n":2}}""", """{"userId":"alice","message":{"n":3}}""", """{"topic":"orders/42","message":{"n":4}}""" })
        {
            Assert.Equal(HttpStatusCode.OK, (await harness.PostNotificationAsync(body)).StatusCode);
        }

        var answer = await harness.GetJsonAsync("_local/streams");

        Assert.True(answer.GetProperty("listing").GetBoolean());
        Assert.Equal(
            ["orders/42 1 1", "user:alice 2 2", "user:bob 1 1"],
            answer.GetProperty("streams").EnumerateArray().Select(s => $"{s.GetProperty("stream").GetString()} {s.GetProperty("lastSeq").GetInt64()} {s.GetProperty("stored").GetInt32()}"));
    }

    private static async Task<JsonElement> MessagesAsync(GatewayHarness harness, string path)
    {
        var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static IEnumerable<string> Texts(JsonElement page) =>
        page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message").GetRawText());
}
