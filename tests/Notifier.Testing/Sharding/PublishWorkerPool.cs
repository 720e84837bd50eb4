using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Notifier.Testing.Sharding;

/// <summary>Stands in for Lambda's SQS event source: workers that receive batches from a queue, invoke a publish function instance with a deadline, and delete what it finished.</summary>
/// <remarks>
/// Each worker is one Lambda instance: it builds its function once (a cold start) and runs one batch at a time. A record
/// the function lists in <c>batchItemFailures</c> is left on the queue, to come back after the visibility timeout, as
/// <c>ReportBatchItemFailures</c> does. <see cref="KillOneAsync"/> kills a worker mid-invocation as a Lambda timeout
/// would: the invocation is cancelled, its answer never arrives, so no record of its batch is deleted and the whole
/// batch comes back; the worker then starts a fresh instance.
/// </remarks>
public sealed class PublishWorkerPool : IAsyncDisposable
{
    private readonly IAmazonSQS _sqs;
    private readonly string _queueUrl;
    private readonly Func<Invocation> _createInstance;
    private readonly PublishWorkerPoolOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Worker> _workers = [];
    private readonly List<Task> _loops = [];
    private long _invocations;
    private long _kills;

    public PublishWorkerPool(IAmazonSQS sqs, string queueUrl, Func<Invocation> createInstance, PublishWorkerPoolOptions? options = null)
    {
        _sqs = sqs ?? throw new ArgumentNullException(nameof(sqs));
        _queueUrl = queueUrl ?? throw new ArgumentNullException(nameof(queueUrl));
        _createInstance = createInstance ?? throw new ArgumentNullException(nameof(createInstance));
        _options = options ?? new PublishWorkerPoolOptions();
    }

    /// <summary>One invocation of a function instance: the event, and a token that fires at the deadline; the response, or null for a function error.</summary>
    public delegate Task<byte[]?> Invocation(ReadOnlyMemory<byte> payload, CancellationToken deadline);

    public long Invocations => Interlocked.Read(ref _invocations);

    public long Kills => Interlocked.Read(ref _kills);

    public void Start()
    {
        for (var i = 0; i < _options.Workers; i++)
        {
            var worker = new Worker();
            _workers.Add(worker);
            _loops.Add(Task.Run(() => RunAsync(worker)));
        }
    }

    /// <summary>Waits until a worker is in an invocation that has run for <paramref name="after"/>, and kills it.</summary>
    public async Task KillOneAsync(TimeSpan after, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var busy = _workers.FirstOrDefault(worker => worker.InvokingSince is { } since && DateTimeOffset.UtcNow - since >= after);
            if (busy is not null && busy.Kill())
            {
                Interlocked.Increment(ref _kills);
                return;
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds, checking every 50 ms, at most <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(done);
        var end = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < end)
        {
            if (await done())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await done();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops);
        _stopping.Dispose();
    }

    private async Task RunAsync(Worker worker)
    {
        var instance = _createInstance();
        while (!_stopping.IsCancellationRequested)
        {
            ReceiveMessageResponse received;
            try
            {
                received = await _sqs.ReceiveMessageAsync(
                    new ReceiveMessageRequest
                    {
                        QueueUrl = _queueUrl,
                        MaxNumberOfMessages = _options.BatchSize,
                        WaitTimeSeconds = 1,
                        VisibilityTimeout = (int)_options.VisibilityTimeout.TotalSeconds,
                    },
                    _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (received.Messages is not { Count: > 0 } messages)
            {
                continue;
            }

            var answer = await InvokeAsync(worker, instance, messages);
            if (answer is null)
            {
                // Killed, or a function error: nothing is deleted, the whole batch comes back; a new instance starts.
                instance = _createInstance();
                continue;
            }

            var handedBack = answer;
            var finished = messages.Where(message => !handedBack.Contains(message.MessageId)).ToList();
            foreach (var chunk in finished.Chunk(10))
            {
                await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = _queueUrl,
                    Entries = [.. chunk.Select((message, index) => new DeleteMessageBatchRequestEntry(index.ToString(System.Globalization.CultureInfo.InvariantCulture), message.ReceiptHandle))],
                });
            }
        }
    }

    /// <summary>The ids the function handed back, or null when it was killed or failed.</summary>
    private async Task<HashSet<string>?> InvokeAsync(Worker worker, Invocation instance, List<Message> messages)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            Records = messages.Select(message => new { messageId = message.MessageId, body = message.Body, eventSource = "aws:sqs" }),
        });
        using var kill = worker.StartInvocation(_options.InvocationTimeout, _stopping.Token);
        Interlocked.Increment(ref _invocations);
        byte[]? response;
        try
        {
            response = await instance(payload, kill.Token);
        }
        catch (OperationCanceledException)
        {
            response = null;
        }
        finally
        {
            worker.EndInvocation();
        }

        if (worker.WasKilled || response is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(response);
        return [.. document.RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(failure => failure.GetProperty("itemIdentifier").GetString()!)];
    }

    /// <summary>One worker's state: when its invocation started, and the switch that kills it.</summary>
    private sealed class Worker
    {
        private readonly Lock _gate = new();
        private CancellationTokenSource? _kill;

        public DateTimeOffset? InvokingSince { get; private set; }

        public bool WasKilled { get; private set; }

        public CancellationTokenSource StartInvocation(TimeSpan timeout, CancellationToken stopping)
        {
            lock (_gate)
            {
                WasKilled = false;
                _kill = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                _kill.CancelAfter(timeout);
                InvokingSince = DateTimeOffset.UtcNow;
                return _kill;
            }
        }

        public void EndInvocation()
        {
            lock (_gate)
            {
                InvokingSince = null;
                _kill = null;
            }
        }

        public bool Kill()
        {
            lock (_gate)
            {
                if (_kill is null)
                {
                    return false;
                }

                WasKilled = true;
                _kill.Cancel();
                return true;
            }
        }
    }
}
