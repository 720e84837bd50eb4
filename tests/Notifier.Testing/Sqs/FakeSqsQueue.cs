using System.Globalization;

namespace Notifier.Testing.Sqs;

/// <summary>One standard queue of <see cref="FakeSqsServer"/>; every member is called under the server's lock.</summary>
internal sealed class FakeSqsQueue
{
    private readonly List<FakeSqsMessage> _messages = [];
    private readonly Dictionary<string, string> _handles = new(StringComparer.Ordinal);
    private readonly List<string> _sentBodies = [];
    private TaskCompletionSource _changed = NewSignal();

    public FakeSqsQueue(string name, string url, string arn, DateTimeOffset createdAt)
    {
        Name = name;
        Url = url;
        Arn = arn;
        CreatedAt = createdAt;
    }

    public string Name { get; }

    public string Url { get; }

    public string Arn { get; }

    public DateTimeOffset CreatedAt { get; }

    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan DelaySeconds { get; set; }

    public TimeSpan ReceiveMessageWaitTime { get; set; }

    /// <summary>The largest body accepted, and the largest batch total; 262,144 bytes unless set at creation.</summary>
    public int MaximumMessageSize { get; set; } = FakeSqsServer.DefaultMaximumMessageSize;

    /// <summary>The queue's <c>RedrivePolicy</c> attribute as given; null when none.</summary>
    public string? RedrivePolicy { get; set; }

    /// <summary>The dead-letter queue's name from <see cref="RedrivePolicy"/>.</summary>
    public string? DeadLetterQueueName { get; set; }

    public int MaxReceiveCount { get; set; }

    /// <summary>Completes when a message may have become receivable: a send, a visibility change, a move from another queue.</summary>
    public Task Changed => _changed.Task;

    public IReadOnlyList<string> SentBodies => _sentBodies;

    public int Count => _messages.Count;

    public IEnumerable<FakeSqsMessage> Messages => _messages;

    public void Add(FakeSqsMessage message, bool sent = true)
    {
        _messages.Add(message);
        if (sent)
        {
            _sentBodies.Add(message.Body);
        }

        Signal();
    }

    /// <summary>Receives up to <paramref name="max"/> visible messages, redriving those past the receive limit first.</summary>
    public List<FakeSqsMessage> Receive(int max, TimeSpan visibility, DateTimeOffset now, Func<string, FakeSqsQueue?> findQueue)
    {
        var received = new List<FakeSqsMessage>();
        foreach (var message in _messages.ToList())
        {
            if (received.Count == max)
            {
                break;
            }

            if (!message.IsVisible(now))
            {
                continue;
            }

            // SQS moves a message to the dead-letter queue when a receive would take it past maxReceiveCount.
            if (MaxReceiveCount > 0 && message.ReceiveCount >= MaxReceiveCount
                && DeadLetterQueueName is { } dlqName && findQueue(dlqName) is { } deadLetters)
            {
                Remove(message);
                deadLetters.Add(new FakeSqsMessage(message.MessageId, message.Body, message.SentAt, now), sent: false);
                continue;
            }

            message.ReceiveCount++;
            message.FirstReceivedAt ??= now;
            message.VisibleAt = now + visibility;
            var handle = $"{Convert.ToBase64String(Guid.NewGuid().ToByteArray())}.{message.MessageId}";
            message.ReceiptHandle = handle;
            _handles[handle] = message.MessageId;
            received.Add(message);
        }

        return received;
    }

    /// <summary>Deletes the message a handle was issued for; a handle of a message already gone deletes nothing, as in SQS.</summary>
    public void Delete(string receiptHandle)
    {
        if (!_handles.TryGetValue(receiptHandle, out var messageId))
        {
            throw FakeSqsError.ReceiptHandleIsInvalid(receiptHandle);
        }

        if (_messages.Find(m => m.MessageId == messageId) is { } message)
        {
            Remove(message);
        }
    }

    public void ChangeVisibility(string receiptHandle, TimeSpan visibility, DateTimeOffset now)
    {
        if (!_handles.TryGetValue(receiptHandle, out var messageId))
        {
            throw FakeSqsError.ReceiptHandleIsInvalid(receiptHandle);
        }

        if (_messages.Find(m => m.MessageId == messageId) is not { } message
            || message.ReceiptHandle != receiptHandle
            || !message.IsInFlight(now))
        {
            throw FakeSqsError.MessageNotInflight();
        }

        message.VisibleAt = now + visibility;
        Signal();
    }

    /// <summary>The earliest moment after <paramref name="now"/> at which a held message becomes visible; null when none will.</summary>
    public DateTimeOffset? NextVisibleAt(DateTimeOffset now) =>
        _messages.Where(m => m.VisibleAt > now).Select(m => (DateTimeOffset?)m.VisibleAt).Min();

    public void Purge()
    {
        foreach (var message in _messages.ToList())
        {
            Remove(message);
        }
    }

    public Dictionary<string, string> Attributes(DateTimeOffset now)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApproximateNumberOfMessages"] = Invariant(_messages.Count(m => m.IsVisible(now))),
            ["ApproximateNumberOfMessagesNotVisible"] = Invariant(_messages.Count(m => m.IsInFlight(now))),
            ["ApproximateNumberOfMessagesDelayed"] = Invariant(_messages.Count(m => m.ReceiveCount == 0 && !m.IsVisible(now))),
            ["VisibilityTimeout"] = Invariant((int)VisibilityTimeout.TotalSeconds),
            ["DelaySeconds"] = Invariant((int)DelaySeconds.TotalSeconds),
            ["ReceiveMessageWaitTimeSeconds"] = Invariant((int)ReceiveMessageWaitTime.TotalSeconds),
            ["MaximumMessageSize"] = Invariant(MaximumMessageSize),
            ["MessageRetentionPeriod"] = "345600",
            ["CreatedTimestamp"] = Invariant(CreatedAt.ToUnixTimeSeconds()),
            ["LastModifiedTimestamp"] = Invariant(CreatedAt.ToUnixTimeSeconds()),
            ["QueueArn"] = Arn,
        };
        if (RedrivePolicy is { } redrive)
        {
            attributes["RedrivePolicy"] = redrive;
        }

        return attributes;
    }

    // Handles stay known after a delete: deleting again with one still succeeds, as in SQS.
    private void Remove(FakeSqsMessage message) => _messages.Remove(message);

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
