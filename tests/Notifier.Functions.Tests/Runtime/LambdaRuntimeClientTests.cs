using System.Text;
using Notifier.Functions.Runtime;
using Notifier.Testing.Lambda;

namespace Notifier.Functions.Tests.Runtime;

public sealed class LambdaRuntimeClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GetNextInvocationAsync_QueuedEvent_ReadsAllHeadersAndPayload()
    {
        await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        api.Enqueue("{\"a\":1}", requestId: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", timeout: TimeSpan.FromSeconds(30), traceId: "Root=1-abc");

        var invocation = await client.GetNextInvocationAsync().WaitAsync(Wait);

        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", invocation.RequestId);
        Assert.Equal(FakeRuntimeApi.FunctionArn, invocation.InvokedFunctionArn);
        Assert.Equal("Root=1-abc", invocation.TraceId);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(invocation.Payload));
        Assert.InRange(invocation.DeadlineUtc - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task PostResponseAsync_RequestIdNeedingEscapes_ArrivesUnchanged()
    {
        await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        using var client = new LambdaRuntimeClient(api.RuntimeApi);

        await client.PostResponseAsync("id with space+?#", "[]"u8.ToArray()).WaitAsync(Wait);
        var response = await api.NextResponseAsync();

        Assert.Equal("id with space+?#", response.RequestId);
        Assert.Equal("[]", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task PostInitErrorAsync_MessageWithQuotes_SendsEscapedJsonAndHeader()
    {
        await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        using var client = new LambdaRuntimeClient(api.RuntimeApi);

        await client.PostInitErrorAsync("Runtime.InitError", "bad \"setting\"\n").WaitAsync(Wait);
        var error = await api.NextInitErrorAsync();

        Assert.Null(error.RequestId);
        Assert.Equal("Runtime.InitError", error.HeaderErrorType);
        Assert.Equal("bad \"setting\"\n", error.ErrorMessage);
        Assert.Equal("{\"errorMessage\":\"bad \\u0022setting\\u0022\\n\",\"errorType\":\"Runtime.InitError\",\"stackTrace\":[]}", error.Body);
    }

    [Fact]
    public async Task PostResponseAsync_ApiAnswers500_ThrowsRuntimeApiExceptionNamingCallAndStatus()
    {
        await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        api.FailNextPosts(1, 500);

        var exception = await Assert.ThrowsAsync<RuntimeApiException>(() => client.PostResponseAsync("req-1", "{}"u8.ToArray()).WaitAsync(Wait));

        Assert.True(exception.IsContainerError);
        Assert.False(exception.IsTransient);
        Assert.Equal("invocation/req-1/response", exception.Call);
        Assert.Equal("The Runtime API answered invocation/req-1/response with 500 InternalServerError", exception.Message);
    }

    [Fact]
    public async Task GetNextInvocationAsync_ApiAnswers503_ThrowsTransientRuntimeApiException()
    {
        await using var api = await FakeRuntimeApi.StartAsync().WaitAsync(Wait);
        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        api.FailNextPolls(1, 503);

        var exception = await Assert.ThrowsAsync<RuntimeApiException>(() => client.GetNextInvocationAsync().WaitAsync(Wait));

        Assert.True(exception.IsTransient);
        Assert.False(exception.IsContainerError);
        Assert.Equal("invocation/next", exception.Call);
    }

    [Fact]
    public void FromEnvironment_VariableMissing_ThrowsNamingIt()
    {
        var saved = Environment.GetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable);
        Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, null);
        try
        {
            var exception = Assert.Throws<InvalidOperationException>(LambdaRuntimeClient.FromEnvironment);
            Assert.Contains(LambdaRuntimeClient.RuntimeApiVariable, exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, saved);
        }
    }
}
