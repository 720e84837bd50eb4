using Notifier.Aws.Management;
using Notifier.Testing.Connections;

namespace Notifier.Publisher.Tests;

/// <summary>A message that cannot be sent is refused with the reason before any store or network call.</summary>
public sealed class NotifierPublisherMessageTests : IDisposable
{
    private static readonly string TooLarge = "\"" + new string('x', 128 * 1024 - 1) + "\"";

    private readonly UnavailableConnectionStore _store = new();
    private readonly NotifierPublisher _publisher;

    public NotifierPublisherMessageTests()
    {
        _publisher = new NotifierPublisher(new NotifierPublisherOptions { Signing = ManagementApiSigning.None }, _store);
    }

    public static TheoryData<string, string, string> BadMessages()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in new[] { "connection", "user", "users", "broadcast" })
        {
            data.Add(method, "NotJson", "not valid JSON");
            data.Add(method, "Truncated", "not valid JSON");
            data.Add(method, "Empty", "empty");
            data.Add(method, "OneByteOver128KB", "131073 bytes");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Send_BadStringMessage_ThrowsArgumentExceptionBeforeAnyIo(string method, string scenario, string reason)
    {
        var text = scenario switch
        {
            "NotJson" => "order shipped",
            "Truncated" => """{"type":""",
            "Empty" => "",
            _ => TooLarge,
        };

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Send(method, text));

        Assert.Equal("message", exception.ParamName);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _store.Calls);
    }

    [Fact]
    public async Task SendToUserAsync_NullMessage_ThrowsArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _publisher.SendToUserAsync("alice", (string)null!));
        Assert.Equal(0, _store.Calls);
    }

    public void Dispose() => _publisher.Dispose();

    private Task Send(string method, string message) => method switch
    {
        "connection" => _publisher.SendToConnectionAsync("L0SM9cOFvHcCIhw=", message),
        "user" => _publisher.SendToUserAsync("alice", message),
        "users" => _publisher.SendToUsersAsync(["alice", "bob"], message),
        _ => _publisher.BroadcastAsync(message),
    };
}
