using System.Text;
using System.Text.Json;
using Notifier.Core.Delivery;

namespace Notifier.Core.Tests.Delivery;

public sealed class NotificationEnvelopeTests
{
    // Escapes and non-ASCII text that a JSON writer would re-encode if it rewrote the message.
    private static readonly NotificationMessage Message = NotificationMessage.Parse("""{ "text": "caf\u00e9 <b> \"q\"", "emoji": "😀", "n": [1, 2.50, -0] }""");

    [Fact]
    public void Write_WithStream_ReadsBackEveryField_AndTheMessageByteForByte()
    {
        var bytes = NotificationEnvelope.Write("m-1", "user:alice", 42, Message.Utf8);

        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        Assert.Equal(["type", "id", "stream", "seq", "message"], root.EnumerateObject().Select(property => property.Name));
        Assert.Equal("notification", root.GetProperty("type").GetString());
        Assert.Equal("m-1", root.GetProperty("id").GetString());
        Assert.Equal("user:alice", root.GetProperty("stream").GetString());
        Assert.Equal(42, root.GetProperty("seq").GetInt64());
        Assert.Equal(Message.ToString(), root.GetProperty("message").GetRawText());
        Assert.True(bytes.AsSpan().IndexOf(Message.Utf8.Span) > 0, "the message's bytes are not in the envelope as they were");
    }

    [Fact]
    public void Write_NoStream_HasNoStreamOrSeq_ButItsId()
    {
        var text = Encoding.UTF8.GetString(NotificationEnvelope.Write("m-2", null, 0, Message.Utf8));

        Assert.Equal("{\"type\":\"notification\",\"id\":\"m-2\",\"message\":" + Message + "}", text);
    }

    [Fact]
    public void Write_TopicStream_IsWrittenReadably()
    {
        var text = Encoding.UTF8.GetString(NotificationEnvelope.Write("m-3", "orders/42", 7, NotificationMessage.Parse("1").Utf8));

        Assert.Equal("""{"type":"notification","id":"m-3","stream":"orders/42","seq":7,"message":1}""", text);
    }
}
