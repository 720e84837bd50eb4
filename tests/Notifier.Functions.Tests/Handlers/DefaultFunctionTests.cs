using System.Text;
using System.Text.Json;
using Notifier.Testing.Events;

namespace Notifier.Functions.Tests.Handlers;

public sealed class DefaultFunctionTests
{
    private static async Task<JsonElement> ReplyTo(string? body, bool base64 = false)
    {
        var messageEvent = SampleEvents.Load("default-ping");
        messageEvent["body"] = body;
        messageEvent["isBase64Encoded"] = base64;
        var response = await new FunctionFixture().InvokeForJsonAsync("default", SampleEvents.Bytes(messageEvent));
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        return JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement.Clone();
    }

    [Fact]
    public async Task InvokeAsync_Ping_AnswersPong()
    {
        var response = await new FunctionFixture().InvokeForJsonAsync("default", SampleEvents.Bytes(SampleEvents.Load("default-ping")));

        Assert.Equal("""{"type":"pong"}""", response.GetProperty("body").GetString());
    }

    [Fact]
    public async Task InvokeAsync_Whoami_AnswersCallerIds()
    {
        var response = await new FunctionFixture().InvokeForJsonAsync("default", SampleEvents.Bytes(SampleEvents.Load("default-whoami")));

        var reply = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement;
        Assert.Equal("Jx2fCd1voAMCLtg=", reply.GetProperty("connectionId").GetString());
        Assert.Equal("user-123", reply.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task InvokeAsync_Base64Body_IsDecoded()
    {
        var reply = await ReplyTo(Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"action":"ping"}""")), base64: true);

        Assert.Equal("pong", reply.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"action\":", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"foo\":1}", "no string \"action\"")]
    [InlineData("{\"action\":42}", "no string \"action\"")]
    [InlineData("{\"action\":\"launch\"}", "unknown action")]
    [InlineData("", "empty message")]
    [InlineData(null, "empty message")]
    public async Task InvokeAsync_BadMessage_AnswersErrorFrame(string? body, string expected)
    {
        var reply = await ReplyTo(body);

        Assert.Equal("error", reply.GetProperty("type").GetString());
        Assert.Contains(expected, reply.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_DeeplyNestedJson_AnswersErrorFrame()
    {
        var reply = await ReplyTo(string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)));

        Assert.Equal("error", reply.GetProperty("type").GetString());
    }

    [Fact]
    public async Task InvokeAsync_InvalidBase64OrUtf8_AnswersErrorFrame()
    {
        Assert.Equal("error", (await ReplyTo("%%%not-base64", base64: true)).GetProperty("type").GetString());
        Assert.Equal("error", (await ReplyTo(Convert.ToBase64String([0xC3, 0x28]), base64: true)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task InvokeAsync_UnknownActionQuotingHostileText_IsTruncatedAndEscaped()
    {
        var reply = await ReplyTo(JsonSerializer.Serialize(new { action = "<script>" + new string('x', 500) }));

        var message = reply.GetProperty("message").GetString()!;
        Assert.True(message.Length < 200, message);
    }
}
