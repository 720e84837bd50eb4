using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifier.Testing.Sqs;

/// <summary>The SQS operations: each reads its JSON request and writes its JSON answer, or throws a <see cref="FakeSqsError"/>.</summary>
public sealed partial class FakeSqsServer
{
    private const int MaxBatchEntries = 10;
    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromHours(12);

    private void CreateQueue(JsonElement request, Utf8JsonWriter writer)
    {
        var name = RequiredString(request, "QueueName");
        var attributes = StringMap(request, "Attributes");
        string url;
        lock (_gate)
        {
            url = GetOrCreateQueue(name, attributes).Url;
        }

        writer.WriteStartObject();
        writer.WriteString("QueueUrl", url);
        writer.WriteEndObject();
    }

    private void GetQueueUrl(JsonElement request, Utf8JsonWriter writer)
    {
        var name = RequiredString(request, "QueueName");
        string url;
        lock (_gate)
        {
            url = _queues.TryGetValue(name, out var queue) ? queue.Url : throw FakeSqsError.QueueDoesNotExist();
        }

        writer.WriteStartObject();
        writer.WriteString("QueueUrl", url);
        writer.WriteEndObject();
    }

    private void DeleteQueue(JsonElement request, Utf8JsonWriter writer)
    {
        lock (_gate)
        {
            _queues.Remove(QueueOf(request).Name);
        }

        WriteEmpty(writer);
    }

    private void SendMessage(JsonElement request, Utf8JsonWriter writer)
    {
        RefuseMessageAttributes(request);
        var body = RequiredString(request, "MessageBody");
        var delay = OptionalSeconds(request, "DelaySeconds", 0, 900);
        FakeSqsMessage message;
        lock (_gate)
        {
            var queue = QueueOf(request);
            if (CheckBody(body, queue.MaximumMessageSize) is { } problem)
            {
                throw problem;
            }

            message = Enqueue(queue, body, delay);
        }

        writer.WriteStartObject();
        writer.WriteString("MD5OfMessageBody", Md5(message.Body));
        writer.WriteString("MessageId", message.MessageId);
        writer.WriteEndObject();
    }

    private void SendMessageBatch(JsonElement request, Utf8JsonWriter writer)
    {
        var entries = BatchEntries(request);
        foreach (var entry in entries)
        {
            RefuseMessageAttributes(entry);
        }

        var successful = new List<(string Id, FakeSqsMessage Message)>();
        var failed = new List<(string Id, bool SenderFault, string Code, string Message)>();
        lock (_gate)
        {
            var queue = QueueOf(request);
            var bodies = entries.Select(e => RequiredString(e, "MessageBody")).ToList();
            var total = bodies.Sum(Encoding.UTF8.GetByteCount);
            if (total > queue.MaximumMessageSize)
            {
                throw FakeSqsError.BatchRequestTooLong(total, queue.MaximumMessageSize);
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var id = RequiredString(entries[i], "Id");
                var delay = OptionalSeconds(entries[i], "DelaySeconds", 0, 900);
                if (CheckBody(bodies[i], queue.MaximumMessageSize) is { } problem)
                {
                    failed.Add((id, true, problem.QueryCode, problem.Message));
                }
                else if (TakeEntryFault(bodies[i]) is { } fault)
                {
                    failed.Add((id, fault.SenderFault, fault.Code, "The entry failed by the fake's request."));
                }
                else
                {
                    successful.Add((id, Enqueue(queue, bodies[i], delay)));
                }
            }
        }

        writer.WriteStartObject();
        writer.WriteStartArray("Successful");
        foreach (var (id, message) in successful)
        {
            writer.WriteStartObject();
            writer.WriteString("Id", id);
            writer.WriteString("MessageId", message.MessageId);
            writer.WriteString("MD5OfMessageBody", Md5(message.Body));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteFailed(writer, failed);
        writer.WriteEndObject();
    }

    private async Task ReceiveMessageAsync(JsonElement request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var max = OptionalInt(request, "MaxNumberOfMessages", 1, MaxBatchEntries) ?? 1;
        var visibility = OptionalSeconds(request, "VisibilityTimeout", 0, (int)MaxVisibilityTimeout.TotalSeconds);
        var wait = OptionalSeconds(request, "WaitTimeSeconds", 0, 20);
        var names = StringList(request, "AttributeNames").Concat(StringList(request, "MessageSystemAttributeNames")).ToHashSet(StringComparer.Ordinal);
        DateTimeOffset? deadline = null;
        while (true)
        {
            List<FakeSqsMessage> received;
            Task changed;
            TimeSpan sleep;
            lock (_gate)
            {
                var queue = QueueOf(request);
                var now = _time.GetUtcNow();
                deadline ??= now + (request.TryGetProperty("WaitTimeSeconds", out _) ? wait : queue.ReceiveMessageWaitTime);
                received = queue.Receive(max, request.TryGetProperty("VisibilityTimeout", out _) ? visibility : queue.VisibilityTimeout, now, _queues.GetValueOrDefault);
                if (received.Count > 0 || now >= deadline)
                {
                    WriteMessages(writer, received, names);
                    return;
                }

                // Wake when a message arrives or becomes visible, or when the poll's time is up.
                changed = queue.Changed;
                var wake = queue.NextVisibleAt(now) is { } next && next < deadline.Value ? next : deadline.Value;
                sleep = wake - now;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(sleep, _time, stop.Token);
            Interlocked.Increment(ref _waitingReceives);
            try
            {
                await Task.WhenAny(changed, delay);
            }
            finally
            {
                Interlocked.Decrement(ref _waitingReceives);
            }

            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void DeleteMessage(JsonElement request, Utf8JsonWriter writer)
    {
        var handle = RequiredString(request, "ReceiptHandle");
        lock (_gate)
        {
            QueueOf(request).Delete(handle);
        }

        WriteEmpty(writer);
    }

    private void DeleteMessageBatch(JsonElement request, Utf8JsonWriter writer)
    {
        var entries = BatchEntries(request);
        var successful = new List<string>();
        var failed = new List<(string Id, bool SenderFault, string Code, string Message)>();
        lock (_gate)
        {
            var queue = QueueOf(request);
            foreach (var entry in entries)
            {
                var id = RequiredString(entry, "Id");
                try
                {
                    queue.Delete(RequiredString(entry, "ReceiptHandle"));
                    successful.Add(id);
                }
                catch (FakeSqsError error)
                {
                    failed.Add((id, error.Sender, error.QueryCode, error.Message));
                }
            }
        }

        writer.WriteStartObject();
        writer.WriteStartArray("Successful");
        foreach (var id in successful)
        {
            writer.WriteStartObject();
            writer.WriteString("Id", id);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteFailed(writer, failed);
        writer.WriteEndObject();
    }

    private void ChangeMessageVisibility(JsonElement request, Utf8JsonWriter writer)
    {
        var handle = RequiredString(request, "ReceiptHandle");
        if (!request.TryGetProperty("VisibilityTimeout", out _))
        {
            throw FakeSqsError.MissingParameter("VisibilityTimeout");
        }

        var visibility = OptionalSeconds(request, "VisibilityTimeout", 0, (int)MaxVisibilityTimeout.TotalSeconds);
        lock (_gate)
        {
            QueueOf(request).ChangeVisibility(handle, visibility, _time.GetUtcNow());
        }

        WriteEmpty(writer);
    }

    private void GetQueueAttributes(JsonElement request, Utf8JsonWriter writer)
    {
        var names = StringList(request, "AttributeNames");
        Dictionary<string, string> all;
        lock (_gate)
        {
            all = QueueOf(request).Attributes(_time.GetUtcNow());
        }

        foreach (var name in names.Where(n => n != "All" && n != "RedrivePolicy" && !all.ContainsKey(n)))
        {
            throw FakeSqsError.InvalidAttributeName(name);
        }

        writer.WriteStartObject();
        if (names.Count > 0)
        {
            writer.WriteStartObject("Attributes");
            foreach (var (name, value) in all.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (names.Contains("All") || names.Contains(name))
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private void PurgeQueue(JsonElement request, Utf8JsonWriter writer)
    {
        lock (_gate)
        {
            QueueOf(request).Purge();
        }

        WriteEmpty(writer);
    }

    private FakeSqsQueue GetOrCreateQueue(string name, Dictionary<string, string> attributes)
    {
        if (!QueueNamePattern().IsMatch(name))
        {
            throw FakeSqsError.InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.");
        }

        if (_queues.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var queue = new FakeSqsQueue(name, QueueUrl(name), QueueArn(name), _time.GetUtcNow());
        foreach (var (key, value) in attributes)
        {
            switch (key)
            {
                case "VisibilityTimeout":
                    queue.VisibilityTimeout = TimeSpan.FromSeconds(AttributeInt(key, value, 0, (int)MaxVisibilityTimeout.TotalSeconds));
                    break;
                case "DelaySeconds":
                    queue.DelaySeconds = TimeSpan.FromSeconds(AttributeInt(key, value, 0, 900));
                    break;
                case "ReceiveMessageWaitTimeSeconds":
                    queue.ReceiveMessageWaitTime = TimeSpan.FromSeconds(AttributeInt(key, value, 0, 20));
                    break;
                case "MaximumMessageSize":
                    queue.MaximumMessageSize = AttributeInt(key, value, 1024, 1_048_576);
                    break;
                case "MessageRetentionPeriod":
                    AttributeInt(key, value, 60, 1_209_600);
                    break;
                case "RedrivePolicy":
                    SetRedrivePolicy(queue, value);
                    break;
                case "FifoQueue" or "ContentBasedDeduplication":
                    throw FakeSqsError.InvalidParameterValue("FIFO queues are not supported by this fake.");
                default:
                    throw FakeSqsError.InvalidAttributeName(key);
            }
        }

        _queues[name] = queue;
        return queue;
    }

    private static void SetRedrivePolicy(FakeSqsQueue queue, string value)
    {
        try
        {
            using var policy = JsonDocument.Parse(value);
            var arn = policy.RootElement.GetProperty("deadLetterTargetArn").GetString() ?? "";
            var count = policy.RootElement.GetProperty("maxReceiveCount") is { ValueKind: JsonValueKind.String } text
                ? int.Parse(text.GetString()!, CultureInfo.InvariantCulture)
                : policy.RootElement.GetProperty("maxReceiveCount").GetInt32();
            if (count is < 1 or > 1000 || !arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
            {
                throw FakeSqsError.InvalidParameterValue("Invalid value for the parameter RedrivePolicy.");
            }

            queue.RedrivePolicy = value;
            queue.DeadLetterQueueName = arn[(arn.LastIndexOf(':') + 1)..];
            queue.MaxReceiveCount = count;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw FakeSqsError.InvalidParameterValue("Invalid value for the parameter RedrivePolicy.");
        }
    }

    private FakeSqsMessage Enqueue(FakeSqsQueue queue, string body, TimeSpan delay)
    {
        var now = _time.GetUtcNow();
        var message = new FakeSqsMessage(Guid.NewGuid().ToString(), body, now, now + (delay > TimeSpan.Zero ? delay : queue.DelaySeconds));
        queue.Add(message);
        return message;
    }

    private EntryFault? TakeEntryFault(string body)
    {
        foreach (var fault in _entryFaults)
        {
            if (fault.Remaining > 0 && fault.Match(body))
            {
                fault.Remaining--;
                return fault;
            }
        }

        return null;
    }

    private FakeSqsQueue QueueOf(JsonElement request)
    {
        var url = RequiredString(request, "QueueUrl");
        var name = url.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        return _queues.TryGetValue(name, out var queue) ? queue : throw FakeSqsError.QueueDoesNotExist();
    }

    private static List<JsonElement> BatchEntries(JsonElement request)
    {
        var entries = request.TryGetProperty("Entries", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : [];
        if (entries.Count == 0)
        {
            throw FakeSqsError.EmptyBatchRequest();
        }

        if (entries.Count > MaxBatchEntries)
        {
            throw FakeSqsError.TooManyEntriesInBatchRequest(entries.Count);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var id = RequiredString(entry, "Id");
            if (!BatchIdPattern().IsMatch(id))
            {
                throw FakeSqsError.InvalidBatchEntryId(id);
            }

            if (!ids.Add(id))
            {
                throw FakeSqsError.BatchEntryIdsNotDistinct(id);
            }
        }

        return entries;
    }

    private static FakeSqsError? CheckBody(string body, int maximumSize)
    {
        if (body.Length == 0)
        {
            return FakeSqsError.InvalidParameterValue("The request must contain the parameter MessageBody.");
        }

        var bytes = Encoding.UTF8.GetByteCount(body);
        if (bytes > maximumSize)
        {
            return FakeSqsError.InvalidParameterValue($"Message must be shorter than {maximumSize} bytes.");
        }

        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]))
            {
                i++;
                continue;
            }

            var allowed = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!allowed)
            {
                return FakeSqsError.InvalidMessageContents();
            }
        }

        return null;
    }

    private static void RefuseMessageAttributes(JsonElement request)
    {
        if (request.TryGetProperty("MessageAttributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object
            && attributes.EnumerateObject().Any())
        {
            throw FakeSqsError.InvalidParameterValue("Message attributes are not supported by this fake.");
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, List<FakeSqsMessage> messages, HashSet<string> names)
    {
        writer.WriteStartObject();
        if (messages.Count > 0)
        {
            var all = names.Contains("All");
            writer.WriteStartArray("Messages");
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("MessageId", message.MessageId);
                writer.WriteString("ReceiptHandle", message.ReceiptHandle);
                writer.WriteString("MD5OfBody", Md5(message.Body));
                writer.WriteString("Body", message.Body);
                if (all || names.Count > 0)
                {
                    writer.WriteStartObject("Attributes");
                    WriteAttribute(writer, names, all, "ApproximateReceiveCount", message.ReceiveCount.ToString(CultureInfo.InvariantCulture));
                    WriteAttribute(writer, names, all, "SentTimestamp", message.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                    WriteAttribute(writer, names, all, "ApproximateFirstReceiveTimestamp", message.FirstReceivedAt!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
                    WriteAttribute(writer, names, all, "SenderId", AccountId);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter writer, HashSet<string> names, bool all, string name, string value)
    {
        if (all || names.Contains(name))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteFailed(Utf8JsonWriter writer, List<(string Id, bool SenderFault, string Code, string Message)> failed)
    {
        writer.WriteStartArray("Failed");
        foreach (var (id, senderFault, code, message) in failed)
        {
            writer.WriteStartObject();
            writer.WriteString("Id", id);
            writer.WriteBoolean("SenderFault", senderFault);
            writer.WriteString("Code", code);
            writer.WriteString("Message", message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteEmpty(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteEndObject();
    }

    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    private static string RequiredString(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw FakeSqsError.MissingParameter(name);

    private static int? OptionalInt(JsonElement request, string name, int min, int max)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw FakeSqsError.InvalidParameterValue($"Value {value.GetRawText()} for parameter {name} is invalid. Must be between {min} and {max}.");
        }

        return number;
    }

    private static TimeSpan OptionalSeconds(JsonElement request, string name, int min, int max) =>
        TimeSpan.FromSeconds(OptionalInt(request, name, min, max) ?? 0);

    private static int AttributeInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw FakeSqsError.InvalidParameterValue($"Invalid value for the parameter {name}.");

    private static List<string> StringList(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString() ?? "")]
            : [];

    private static Dictionary<string, string> StringMap(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex QueueNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,80}$")]
    private static partial Regex BatchIdPattern();
}
