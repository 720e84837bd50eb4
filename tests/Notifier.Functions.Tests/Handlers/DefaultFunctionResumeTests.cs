using System.Text;
using System.Text.Json;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Functions.Hosting;
using Notifier.Testing.Connections;
using Notifier.Testing.Delivery;
using Notifier.Testing.Events;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Handlers;

/// <summary><c>$default</c>'s resume, built by the catalog with a history and a channel as on AWS.</summary>
public sealed class DefaultFunctionResumeTests
{
    private const string ConnectionId = "Jx2fCd1voAMCLtg=";
    private readonly InMemoryConnectionStore _store = new();
    private readonly ScriptedChannel _channel = new();
    private readonly InMemoryMessageHistory _history = new();
    private readonly CapturingLoggerProvider _logs = new();

    private FunctionCatalog Catalog(bool withHistory = true) => new(
        new SettingsReader(_ => null),
        _logs.CreateFactory(),
        TimeProvider.System,
        () => _store,
        () => _channel,
        createHistory: withHistory ? () => _history : null);

    private async Task<string> ReplyAsync(FunctionCatalog catalog)
    {
        var result = await catalog.Create("default").InvokeAsync(SampleEvents.Bytes(SampleEvents.Load("default-resume"))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsSuccess, result.ErrorMessage);
        var response = JsonDocument.Parse(result.Response!).RootElement;
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        return response.GetProperty("body").GetString()!;
    }

    private async Task AppendAsync(string stream, int count)
    {
        for (var n = 1; n <= count; n++)
        {
            await _history.AppendAsync(stream, $"{stream}#{n}", Encoding.UTF8.GetBytes($$"""{"n":{{n}}}"""));
        }
    }

    [Fact]
    public async Task SampleResume_PostsTheRefusalAndTheMissedMessagesToTheCaller_ThenAnswersResumed()
    {
        await _store.AddAsync(TestRecords.JustConnected(ConnectionId, "user-123", "https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod") with { Protocol = NotificationEnvelope.Protocol });
        await AppendAsync("user:user-123", 3);
        await AppendAsync("orders/42", 2);
        await AppendAsync("admin/x", 2);

        var reply = await ReplyAsync(Catalog());

        var frames = _channel.Received(ConnectionId).Select(f => JsonDocument.Parse(f).RootElement).ToList();
        Assert.Equal("admin/x", frames[0].GetProperty("stream").GetString());
        Assert.Equal("error", frames[0].GetProperty("type").GetString());
        Assert.Equal(
            ["user:user-123#2", "user:user-123#3", "orders/42#1", "orders/42#2"],
            frames.Skip(1).Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(
            """{"type":"resumed","streams":{"user:user-123":{"last":3,"complete":true},"orders/42":{"last":2,"complete":true}}}""",
            reply);
    }

    [Fact]
    public async Task Resume_WithoutHistory_AnswersHistoryIsNotEnabled()
    {
        await _store.AddAsync(TestRecords.JustConnected(ConnectionId, "user-123", "https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod") with { Protocol = NotificationEnvelope.Protocol });

        var reply = await ReplyAsync(Catalog(withHistory: false));

        Assert.Equal("""{"type":"error","action":"resume","message":"history is not enabled"}""", reply);
        Assert.Empty(_channel.Posts);
    }

    [Fact]
    public async Task Resume_ConnectionWithoutTheSubprotocol_IsRefused()
    {
        await _store.AddAsync(TestRecords.JustConnected(ConnectionId, "user-123", "https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod"));
        await AppendAsync("user:user-123", 3);

        var reply = await ReplyAsync(Catalog());

        Assert.Equal("""{"type":"error","action":"resume","message":"resume needs the notifier.v1 subprotocol"}""", reply);
        Assert.Empty(_channel.Posts);
    }
}
