using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Testing.Http;

namespace Notifier.Testing.Sqs;

/// <summary>A real HTTP SQS on Kestrel at 127.0.0.1 speaking the AWS JSON 1.0 protocol that AWSSDK.SQS v4 uses.</summary>
/// <remarks>
/// <para>
/// Requests are <c>POST /</c> with <c>X-Amz-Target: AmazonSQS.&lt;Operation&gt;</c> and a JSON body; answers are JSON,
/// errors HTTP 400 (500 for the service's own faults) with <c>{"__type","message"}</c> and the
/// <c>x-amzn-query-error</c> header, as SQS sends them. Signatures are not checked.
/// </para>
/// <para>
/// Standard queues only, delivered at least once: a received message is invisible for its visibility timeout and,
/// unless deleted, comes back with the same message id, a new receipt handle and a receive count one higher. A
/// <c>RedrivePolicy</c> moves a message to its dead-letter queue when a receive would take it past
/// <c>maxReceiveCount</c>. Visibility, delays and long polls follow the given <see cref="TimeProvider"/>, so a test
/// with a fake clock advances it instead of waiting. Message attributes and FIFO queues are not supported and are
/// refused rather than ignored. <c>CreateQueue</c> of an existing name answers its URL without
/// comparing attributes, where SQS would refuse different ones with <c>QueueNameExists</c>.
/// </para>
/// </remarks>
public sealed partial class FakeSqsServer : IAsyncDisposable
{
    /// <summary>The account id in queue URLs and ARNs.</summary>
    public const string AccountId = "000000000000";

    /// <summary>The region in queue ARNs.</summary>
    public const string Region = "us-east-1";

    /// <summary>The body and batch limit of a queue created without <c>MaximumMessageSize</c>: 256 KiB.</summary>
    public const int DefaultMaximumMessageSize = 262_144;

    private const string JsonContentType = "application/x-amz-json-1.0";
    private const string TargetPrefix = "AmazonSQS.";

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeSqsQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failuresToServe = new(StringComparer.Ordinal);
    private readonly List<EntryFault> _entryFaults = [];
    private LoopbackServer? _server;
    private int _waitingReceives;

    private FakeSqsServer(TimeProvider time) => _time = time;

    /// <summary>The endpoint to give the SDK as <c>ServiceURL</c>, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string ServiceUrl { get; private set; } = "";

    /// <summary>How many long polls are parked, waiting for a message or their time to run out; a test waits for one before it sends or advances the clock.</summary>
    public int WaitingReceives => Volatile.Read(ref _waitingReceives);

    public static async Task<FakeSqsServer> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fake = new FakeSqsServer(timeProvider ?? TimeProvider.System);
        fake._server = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        fake.ServiceUrl = fake._server.BaseAddress.AbsoluteUri;
        return fake;
    }

    /// <summary>The URL a queue of this name has (or would have) on this server.</summary>
    public string QueueUrl(string queueName) => $"{ServiceUrl}{AccountId}/{queueName}";

    /// <summary>The ARN a queue of this name has (or would have), as a <c>RedrivePolicy</c> names it.</summary>
    public static string QueueArn(string queueName) => $"arn:aws:sqs:{Region}:{AccountId}:{queueName}";

    /// <summary>Creates a queue directly, as <c>CreateQueue</c> without attributes would; returns its URL.</summary>
    public string CreateQueue(string queueName)
    {
        lock (_gate)
        {
            return GetOrCreateQueue(queueName, new Dictionary<string, string>(StringComparer.Ordinal)).Url;
        }
    }

    /// <summary>The names of the queues that exist.</summary>
    public IReadOnlyList<string> QueueNames()
    {
        lock (_gate)
        {
            return [.. _queues.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>How many messages the queue holds, visible, in flight or delayed.</summary>
    public int Count(string queueName)
    {
        lock (_gate)
        {
            return Queue(queueName).Count;
        }
    }

    /// <summary>The bodies of the messages the queue holds, oldest first.</summary>
    public IReadOnlyList<string> Bodies(string queueName)
    {
        lock (_gate)
        {
            return [.. Queue(queueName).Messages.Select(m => m.Body)];
        }
    }

    /// <summary>Every body ever accepted by a send to the queue, in order, deleted ones included; redriven messages are not sent.</summary>
    public IReadOnlyList<string> SentBodies(string queueName)
    {
        lock (_gate)
        {
            return [.. Queue(queueName).SentBodies];
        }
    }

    /// <summary>How many requests for <paramref name="operation"/> (e.g. <c>SendMessageBatch</c>) arrived, failed ones included.</summary>
    public int Requests(string operation)
    {
        lock (_gate)
        {
            return _requests.GetValueOrDefault(operation);
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests for <paramref name="operation"/> with 500 <c>InternalError</c>.</summary>
    public void FailNextRequests(string operation, int count)
    {
        lock (_gate)
        {
            _failuresToServe[operation] = count;
        }
    }

    /// <summary>Reports <c>SendMessageBatch</c> entries whose body matches as failed, the next <paramref name="times"/> times, without queueing them.</summary>
    /// <param name="match">Chooses the entries to fail, by body.</param>
    /// <param name="times">How many entries to fail in all before the fault stops.</param>
    /// <param name="senderFault">The entry's <c>SenderFault</c>: true for a bad request, false for a failure worth retrying.</param>
    /// <param name="code">The entry's <c>Code</c>.</param>
    public void FailSendEntries(Func<string, bool> match, int times = int.MaxValue, bool senderFault = false, string code = "InternalError")
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            _entryFaults.Add(new EntryFault(match, senderFault, code) { Remaining = times });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (!HttpMethods.IsPost(context.Request.Method) || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw FakeSqsError.InvalidAction(target);
            }

            var operation = target[TargetPrefix.Length..];
            if (CountAndCheckFailure(operation))
            {
                throw FakeSqsError.InternalError();
            }

            using var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            await using (var writer = new Utf8JsonWriter(buffer))
            {
                await DispatchAsync(operation, body.RootElement, writer, context.RequestAborted);
            }

            response.StatusCode = StatusCodes.Status200OK;
        }
        catch (FakeSqsError error)
        {
            buffer.Clear();
            await using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("__type", error.Type);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            response.StatusCode = error.StatusCode;
            response.Headers["x-amzn-query-error"] = $"{error.QueryCode};{(error.Sender ? "Sender" : "Receiver")}";
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        response.ContentType = JsonContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private Task DispatchAsync(string operation, JsonElement request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case "ReceiveMessage":
                return ReceiveMessageAsync(request, writer, cancellationToken);
            case "CreateQueue":
                CreateQueue(request, writer);
                break;
            case "GetQueueUrl":
                GetQueueUrl(request, writer);
                break;
            case "DeleteQueue":
                DeleteQueue(request, writer);
                break;
            case "SendMessage":
                SendMessage(request, writer);
                break;
            case "SendMessageBatch":
                SendMessageBatch(request, writer);
                break;
            case "DeleteMessage":
                DeleteMessage(request, writer);
                break;
            case "DeleteMessageBatch":
                DeleteMessageBatch(request, writer);
                break;
            case "ChangeMessageVisibility":
                ChangeMessageVisibility(request, writer);
                break;
            case "GetQueueAttributes":
                GetQueueAttributes(request, writer);
                break;
            case "PurgeQueue":
                PurgeQueue(request, writer);
                break;
            default:
                throw FakeSqsError.InvalidAction(operation);
        }

        return Task.CompletedTask;
    }

    private bool CountAndCheckFailure(string operation)
    {
        lock (_gate)
        {
            _requests[operation] = _requests.GetValueOrDefault(operation) + 1;
            if (_failuresToServe.GetValueOrDefault(operation) > 0)
            {
                _failuresToServe[operation]--;
                return true;
            }

            return false;
        }
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new FakeSqsError("com.amazonaws.sqs#SerializationException", "SerializationException", "The request body is not a JSON object.");
            }

            return document;
        }
        catch (JsonException)
        {
            throw new FakeSqsError("com.amazonaws.sqs#SerializationException", "SerializationException", "The request body is not JSON.");
        }
    }

    private FakeSqsQueue Queue(string queueName) =>
        _queues.TryGetValue(queueName, out var queue) ? queue : throw new ArgumentException($"No queue named '{queueName}'.", nameof(queueName));

    /// <summary>A fault set by <see cref="FailSendEntries"/>; <see cref="Remaining"/> changes under the lock.</summary>
    private sealed record EntryFault(Func<string, bool> Match, bool SenderFault, string Code)
    {
        public int Remaining { get; set; }
    }
}
