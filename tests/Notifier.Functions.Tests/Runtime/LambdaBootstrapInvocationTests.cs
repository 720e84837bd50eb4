using System.Text;
using Notifier.Functions.Runtime;
using Notifier.Functions.Tests.Runtime.Fakes;

namespace Notifier.Functions.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public sealed class LambdaBootstrapInvocationTests
{
    [Fact]
    public async Task RunAsync_FunctionSucceeds_PostsExactResponseBytes()
    {
        await using var harness = await BootstrapHarness.StartAsync(new EchoFunction());
        var payload = Encoding.UTF8.GetBytes("{\"requestContext\":{\"routeKey\":\"$default\"},\"body\":\"h\u00e9llo\"}");

        var requestId = harness.Api.Enqueue(payload);
        var response = await harness.Api.NextResponseAsync();

        Assert.Equal(requestId, response.RequestId);
        Assert.Equal(payload, response.Body);
    }

    [Fact]
    public async Task RunAsync_FunctionReturnsFailure_PostsErrorWithTypeMessageAndHeader()
    {
        await using var harness = await BootstrapHarness.StartAsync(new FailingFunction("Unauthorized", "Unauthorized"));

        var requestId = harness.Api.Enqueue("{}");
        var error = await harness.Api.NextErrorAsync();

        Assert.Equal(requestId, error.RequestId);
        Assert.Equal("Unauthorized", error.HeaderErrorType);
        Assert.Equal("Unauthorized", error.ErrorType);
        Assert.Equal("Unauthorized", error.ErrorMessage);
        Assert.Equal("{\"errorMessage\":\"Unauthorized\",\"errorType\":\"Unauthorized\",\"stackTrace\":[]}", error.Body);
    }

    [Fact]
    public async Task RunAsync_FunctionThrows_PostsErrorAndNextInvocationSucceeds()
    {
        await using var harness = await BootstrapHarness.StartAsync(new JsonParsingFunction());

        var failedId = harness.Api.Enqueue("{\"throw\":\"bug in handler\"}");
        var error = await harness.Api.NextErrorAsync();
        var nextId = harness.Api.Enqueue("{}");
        var response = await harness.Api.NextResponseAsync();

        Assert.Equal(failedId, error.RequestId);
        Assert.Equal(nameof(InvalidOperationException), error.ErrorType);
        Assert.Equal(nameof(InvalidOperationException), error.HeaderErrorType);
        Assert.Equal("bug in handler", error.ErrorMessage);
        Assert.Equal(nextId, response.RequestId);
        Assert.False(harness.Run.IsCompleted);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x7B })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a' })]
    [InlineData(new byte[0])]
    public async Task RunAsync_GarbagePayload_PostsErrorAndKeepsLooping(byte[] garbage)
    {
        await using var harness = await BootstrapHarness.StartAsync(new JsonParsingFunction());

        var garbageId = harness.Api.Enqueue(garbage);
        var error = await harness.Api.NextErrorAsync();
        harness.Api.Enqueue("{}");
        var response = await harness.Api.NextResponseAsync();

        Assert.Equal(garbageId, error.RequestId);
        Assert.Contains("Json", error.ErrorType, StringComparison.Ordinal);
        Assert.Equal("{\"ok\":true}", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task RunAsync_TraceId_IsSetDuringInvocationAndClearedWhenAbsent()
    {
        const string TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        var function = new TraceCapturingFunction();
        await using var harness = await BootstrapHarness.StartAsync(function);

        harness.Api.Enqueue("{}", traceId: TraceId);
        await harness.Api.NextResponseAsync();
        harness.Api.Enqueue("{}");
        await harness.Api.NextResponseAsync();

        Assert.Equal([TraceId, null], function.Seen);
    }

    [Fact]
    public async Task RunAsync_AnyOutcome_LogsRequestIdsButNeverPayloads()
    {
        const string Secret = "eyJhbGciOiJIUzI1NiJ9.secret-token";
        await using var harness = await BootstrapHarness.StartAsync(new JsonParsingFunction());

        var requestId = harness.Api.Enqueue($"{{\"token\":\"{Secret}\"}}");
        await harness.Api.NextResponseAsync();
        var failedId = harness.Api.Enqueue($"{{\"token\":\"{Secret}\",\"throw\":\"boom\"}}");
        await harness.Api.NextErrorAsync();
        await harness.StopAsync();

        var entries = harness.Logger.Entries;
        Assert.Contains(entries, entry => entry.Message.Contains(requestId, StringComparison.Ordinal));
        Assert.Contains(entries, entry => entry.Message.Contains(failedId, StringComparison.Ordinal) && entry.Exception is not null);
        Assert.DoesNotContain(entries, entry => $"{entry.Message} {entry.Exception}".Contains(Secret, StringComparison.Ordinal));
    }
}
