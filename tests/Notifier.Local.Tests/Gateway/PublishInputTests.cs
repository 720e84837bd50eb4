using System.Net.Http.Headers;
using System.Text;

namespace Notifier.Local.Tests.Gateway;

/// <summary>Publish bodies the gateway refuses with a 400 that says what is wrong, before anything is sent.</summary>
public sealed class PublishInputTests
{
    public static TheoryData<string, byte[], string> RefusedBodies => new()
    {
        { "InvalidUtf8_InMessage", [.. "{\"userId\":\"alice\",\"message\":\""u8, 0xFF, .. "\"}"u8], "body is not valid UTF-8" },
        { "InvalidUtf8_Overlong", [.. "{\"userId\":\"alice\",\"message\":{\"t\":\""u8, 0xC0, 0xAF, .. "\"}}"u8], "body is not valid UTF-8" },
        { "UserIdAndConnectionId", """{"userId":"alice","connectionId":"Jx2fCd1voAMCLtg=","message":{"n":1}}"""u8.ToArray(), "(got \\\"userId\\\" and \\\"connectionId\\\")" },
        { "UserIdAndTopic", """{"userId":"alice","topic":"room:1","message":{"n":1}}"""u8.ToArray(), "(got \\\"userId\\\" and \\\"topic\\\")" },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task Publish_RefusedBody_Is400WithTheReasonAndSendsNothing(string name, byte[] body, string reason)
    {
        await using var harness = await GatewayHarness.StartAsync();
        using var alice = await harness.ConnectAsync("alice");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await harness.Http.PostAsync(new Uri(harness.Gateway.BaseAddress, "notifications"), content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(400 == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Equal(["BadRequestException"], response.Headers.GetValues("x-amzn-ErrorType"));
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains("   at ", StringComparison.Ordinal));
        await GatewayHarness.AssertNothingPendingAsync(alice);
    }
}
