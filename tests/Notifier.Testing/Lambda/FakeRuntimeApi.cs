using System.Text;
using System.Threading.Channels;
using Notifier.Testing.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifier.Testing.Lambda;

/// <summary>A real HTTP Lambda Runtime API (<c>2018-06-01</c>) on Kestrel at 127.0.0.1, for testing runtime loops.</summary>
/// <remarks>
/// <c>invocation/next</c> blocks until an event is queued (or the fake is disposed). Responses, errors
/// and init errors are recorded on channels; the <c>Next*Async</c> helpers wait for them with a timeout.
/// </remarks>
public sealed partial class FakeRuntimeApi : IAsyncDisposable
{
    public const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:notifier-test";
    private const string Prefix = "/2018-06-01/runtime";
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private LoopbackServer? _server;
    private readonly Channel<FakeInvocation> _invocations = Channel.CreateUnbounded<FakeInvocation>();
    private readonly Channel<RecordedResponse> _responses = Channel.CreateUnbounded<RecordedResponse>();
    private readonly Channel<RecordedError> _errors = Channel.CreateUnbounded<RecordedError>();
    private readonly Channel<RecordedError> _initErrors = Channel.CreateUnbounded<RecordedError>();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private int _failuresToServe;
    private int _failureStatus;
    private int _postFailuresToServe;
    private int _postFailureStatus;
    private int _truncationsToServe;
    private int _nextRequests;

    /// <summary>The <c>host:port</c> to put in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApi { get; private set; } = "";

    /// <summary>How many <c>invocation/next</c> requests arrived, failed ones included.</summary>
    public int NextRequests => Volatile.Read(ref _nextRequests);

    public static async Task<FakeRuntimeApi> StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fake = new FakeRuntimeApi();
        fake._server = await LoopbackServer.StartAsync(fake.MapRoutes);
        fake.RuntimeApi = fake._server.BaseAddress.Authority;
        return fake;
    }

    /// <summary>Queues an event; returns its request id.</summary>
    public string Enqueue(byte[] payload, string? requestId = null, TimeSpan? timeout = null, string? traceId = null)
    {
        var invocation = new FakeInvocation(requestId ?? Guid.NewGuid().ToString(), payload, timeout ?? TimeSpan.FromSeconds(30), traceId);
        _invocations.Writer.TryWrite(invocation);
        return invocation.RequestId;
    }

    public string Enqueue(string json, string? requestId = null, TimeSpan? timeout = null, string? traceId = null) =>
        Enqueue(Encoding.UTF8.GetBytes(json), requestId, timeout, traceId);

    /// <summary>Answers the next <paramref name="count"/> <c>invocation/next</c> requests with <paramref name="statusCode"/>.</summary>
    public void FailNextPolls(int count, int statusCode = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_gate)
        {
            (_failuresToServe, _failureStatus) = (count, statusCode);
        }
    }

    /// <summary>Answers the next <paramref name="count"/> invocation <c>response</c> or <c>error</c> posts with <paramref name="statusCode"/>, recording nothing.</summary>
    public void FailNextPosts(int count, int statusCode = StatusCodes.Status500InternalServerError)
    {
        lock (_gate)
        {
            (_postFailuresToServe, _postFailureStatus) = (count, statusCode);
        }
    }

    /// <summary>Answers the next <paramref name="count"/> <c>invocation/next</c> requests with 200 and headers, then drops the connection before the promised body.</summary>
    public void TruncateNextPolls(int count)
    {
        lock (_gate)
        {
            _truncationsToServe = count;
        }
    }

    public Task<RecordedResponse> NextResponseAsync(TimeSpan? timeout = null) => ReadAsync(_responses, timeout);

    public Task<RecordedError> NextErrorAsync(TimeSpan? timeout = null) => ReadAsync(_errors, timeout);

    public Task<RecordedError> NextInitErrorAsync(TimeSpan? timeout = null) => ReadAsync(_initErrors, timeout);

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync().AsTask().WaitAsync(DefaultWait);
        }

        _disposed.Dispose();
    }

    private static Task<T> ReadAsync<T>(Channel<T> channel, TimeSpan? timeout) =>
        channel.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? DefaultWait);
}
