using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Notifier.Local.Cli;
using Notifier.Local.Tests.Gateway;

namespace Notifier.Local.Tests.Cli;

/// <summary><c>send</c>'s output: a readable summary of the publish API's answer by default, the answer itself with <c>--json</c>.</summary>
public sealed class SendCommandTests
{
    private const string Report = """
        {"recipients":9,"delivered":["d1","d2","d3","d4","d5","d6"],"deliveredAfterThrottling":["d2"],"gone":["g1=","g2="],"failed":[{"connectionId":"f1=","status":"Failed","reason":"500 from the management API"}],"pruneFailed":false,"counts":{"delivered":6,"deliveredAfterThrottling":1,"gone":2,"failed":1,"throttled":3},"truncated":false,"id":"m-42","streams":{"user:alice":42}}
        """;

    private readonly StringWriter _output = new();
    private readonly FakeTimeProvider _time = new();

    private async Task<(int ExitCode, string Output)> SendAsync(HttpStatusCode status, string body, params string[] extra)
    {
        using var handler = new AnsweringHandler(status, body, () => _time.Advance(TimeSpan.FromMilliseconds(12)));
        var exitCode = await new SendCommand(_output, handler, _time)
            .RunAsync(CommandLine.Parse(["send", "--user", "alice", "--message", """{"text":"hi"}""", "--url", "http://127.0.0.1:8123/", .. extra]), CancellationToken.None);
        return (exitCode, _output.ToString());
    }

    [Fact]
    public async Task Send_Report_PrintsASummary_DeliveredFirst_ThenIdStreamsAndCounts()
    {
        var (exitCode, output) = await SendAsync(HttpStatusCode.OK, Report);

        Assert.Equal(0, exitCode);
        Assert.Equal(
            """
            Delivered to 6 of 9 connections (2 gone, 1 failed) in 12 ms
            Message id: m-42
            Streams: user:alice seq 42
            Gone: 2 (g1=, g2=)
            Throttled: 3 (1 delivered after retrying)
            Failed: 1
              f1=: Failed (500 from the management API)

            """.ReplaceLineEndings("\n"),
            output);
    }

    [Fact]
    public async Task Send_ManyGone_ListsFive_AndSaysHowManyMore()
    {
        var gone = Enumerable.Range(1, 1_200).Select(n => $"g{n}").ToList();
        var body = JsonSerializer.Serialize(new
        {
            recipients = 1_200,
            delivered = Array.Empty<string>(),
            deliveredAfterThrottling = Array.Empty<string>(),
            gone = gone.Take(1_000),
            failed = Array.Empty<object>(),
            pruneFailed = true,
            counts = new { delivered = 0, deliveredAfterThrottling = 0, gone = 1_200, failed = 0, throttled = 0 },
            truncated = true,
        });

        var (_, output) = await SendAsync(HttpStatusCode.OK, body);

        var lines = output.Split('\n');
        Assert.Equal("Delivered to 0 of 1200 connections (1200 gone) in 12 ms", lines[0]);
        Assert.Contains("Gone: 1200 (g1, g2, g3, g4, g5 and 1195 more)", lines);
        Assert.Contains("Throttled: 0", lines);
        Assert.Contains("Failed: 0", lines);
        Assert.Contains("The gone connections' records could not be removed; they expire by their TTL.", lines);
        Assert.DoesNotContain("Message id", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ShardedAnswer_SaysHowManyShards_AndHowToFollowIt()
    {
        var (exitCode, output) = await SendAsync(HttpStatusCode.Accepted, """{"messageId":"send-7","shards":4}""");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            """
            Accepted in 12 ms: a large send, split into 4 shards that deliver in the background
            Message id: send-7
            Follow it: curl http://127.0.0.1:8123/notifications/send-7

            """.ReplaceLineEndings("\n"),
            output);
    }

    [Fact]
    public async Task Send_Refused_SaysWhy_AndExitsOne()
    {
        var (exitCode, output) = await SendAsync(HttpStatusCode.BadRequest, """{"message":"\"userId\" must be a string"}""");

        Assert.Equal(1, exitCode);
        Assert.Equal("Refused (400 BadRequest): \"userId\" must be a string\n", output);
    }

    [Fact]
    public async Task Send_AnswerThatIsNotAReport_IsPrintedAsItCame()
    {
        var (exitCode, output) = await SendAsync(HttpStatusCode.BadGateway, "upstream down");

        Assert.Equal(1, exitCode);
        Assert.Equal("The gateway answered 502 BadGateway:\nupstream down\n", output);
    }

    [Theory]
    [InlineData(200, Report)]
    [InlineData(202, """{"messageId":"send-7","shards":4}""")]
    [InlineData(400, """{"message":"bad"}""")]
    public async Task Send_Json_PrintsTheAnswerExactly_WithANewline(int status, string body)
    {
        var (_, output) = await SendAsync((HttpStatusCode)status, body, "--json");

        Assert.Equal(body + Environment.NewLine, output);
    }

    [Fact]
    public async Task Send_ThroughARunningGateway_SummaryCountsTheDevices_AndEndsWithANewline()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var phone = await harness.ConnectAsync("alice", "notifier.v1");
        var laptop = await harness.ConnectAsync("alice");
        await harness.ConnectionIdAsync(laptop);

        var exitCode = await new SendCommand(_output).RunAsync(
            CommandLine.Parse(["send", "--user", "alice", "--message", """{"t":1}""", "--url", harness.Gateway.BaseAddress.AbsoluteUri]), CancellationToken.None);

        var output = _output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^Delivered to 2 of 2 connections in \d+ ms\n", output);
        Assert.Matches(@"\nMessage id: \S+\nStreams: user:alice seq 1\nGone: 0\nThrottled: 0\nFailed: 0\n$", output);
        Assert.Contains("\"seq\":1", await GatewayHarness.ReceiveTextAsync(phone), StringComparison.Ordinal);
    }

    /// <summary>Answers every request with one status and body, running <c>onRequest</c> first (the test's clock moves).</summary>
    private sealed class AnsweringHandler(HttpStatusCode status, string body, Action onRequest) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onRequest();
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
