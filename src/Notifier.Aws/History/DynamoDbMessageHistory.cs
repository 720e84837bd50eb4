using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Aws.Connections;
using Notifier.Core.Connections;
using Notifier.Core.History;

namespace Notifier.Aws.History;

/// <summary>Keeps the message streams in a DynamoDB table shaped by <see cref="MessageTableSchema"/>.</summary>
/// <remarks>
/// <para>
/// An append is an atomic <c>UpdateItem ADD last :one</c> on the stream's counter, which gives concurrent appenders distinct,
/// consecutive numbers, then a <c>PutItem</c> of the message (none when the retention is zero). A read is a consistent
/// <c>GetItem</c> of the counter and a consistent <c>Query</c> of <c>seq &gt; after</c>, run together. TTL deletion is lazy, so
/// messages whose <c>expiresAt</c> has passed are left out on read, by the injected clock, and the Query goes on past them
/// until it has <c>limit</c> live ones or none are left.
/// </para>
/// <para>
/// A read that races an append can see the new number before the message is stored; the page is then not complete, and
/// a read after the append has returned finds it. A negative <c>after</c> reads from the start, as 0 does. Failures of
/// DynamoDB surface as <see cref="ConnectionStoreException"/>; cancellation by the caller stays an
/// <see cref="OperationCanceledException"/>.
/// </para>
/// </remarks>
public sealed class DynamoDbMessageHistory : IMessageHistory
{
    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a history over <paramref name="tableName"/>; the caller owns <paramref name="client"/>.</summary>
    public DynamoDbMessageHistory(
        IAmazonDynamoDB client,
        string tableName,
        HistoryOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<DynamoDbMessageHistory>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _client = client;
        _tableName = tableName;
        _retention = (options ?? new HistoryOptions()).Retention;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DynamoDbMessageHistory>.Instance;
    }

    /// <summary>The table this history reads and writes.</summary>
    public string TableName => _tableName;

    /// <summary>How long appended messages are kept.</summary>
    public TimeSpan Retention => _retention;

    /// <remarks>One <c>UpdateItem</c> for the number, then one <c>PutItem</c> unless the retention is zero.</remarks>
    public async Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        cancellationToken.ThrowIfCancellationRequested();
        var increment = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = Key(stream, MessageTableSchema.CounterSeq),
            UpdateExpression = "ADD #last :one",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#last"] = MessageTableSchema.Last },
            ExpressionAttributeValues = new(StringComparer.Ordinal) { [":one"] = Number(1) },
            ReturnValues = ReturnValue.UPDATED_NEW,
        };
        var updated = await DynamoDbCall.RunAsync(_logger, "UpdateItem", _tableName, token => _client.UpdateItemAsync(increment, token), cancellationToken)
            .ConfigureAwait(false);
        var seq = Long(updated.Attributes, MessageTableSchema.Last)
            ?? throw new ConnectionStoreException($"DynamoDB UpdateItem on table '{_tableName}' returned no '{MessageTableSchema.Last}'.");

        if (_retention > TimeSpan.Zero)
        {
            var item = Key(stream, seq);
            item[MessageTableSchema.Id] = new AttributeValue { S = messageId };
            item[MessageTableSchema.Message] = new AttributeValue { S = Encoding.UTF8.GetString(message.Span) };
            item[MessageTableSchema.ExpiresAt] = Number((_timeProvider.GetUtcNow() + _retention).ToUnixTimeSeconds());
            var put = new PutItemRequest { TableName = _tableName, Item = item };
            await DynamoDbCall.RunAsync(_logger, "PutItem", _tableName, token => _client.PutItemAsync(put, token), cancellationToken).ConfigureAwait(false);
        }

        return seq;
    }

    /// <remarks>A consistent <c>GetItem</c> of the counter and, unless the retention is zero, a consistent <c>Query</c>, paged past expired messages.</remarks>
    public async Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        after = Math.Max(after, 0);

        var counter = ReadLastAsync(stream, cancellationToken);
        var query = _retention > TimeSpan.Zero ? QueryAsync(stream, after, limit, cancellationToken) : Task.FromResult(new List<StoredMessage>());
        await Task.WhenAll(counter, query).ConfigureAwait(false);
        var page = await query.ConfigureAwait(false);

        // The two reads run together, so an append between them can leave the counter behind the page.
        var last = Math.Max(await counter.ConfigureAwait(false), page.Count > 0 ? page[^1].Seq : 0);
        var upTo = page.Count > 0 ? page[^1].Seq : last;
        var complete = _retention > TimeSpan.Zero
            && (upTo <= after || (page.Count > 0 && page[0].Seq == after + 1 && page[^1].Seq - page[0].Seq + 1 == page.Count));
        return new HistoryPage(page, last, complete);
    }

    private async Task<long> ReadLastAsync(string stream, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = _tableName,
            Key = Key(stream, MessageTableSchema.CounterSeq),
            ConsistentRead = true,
            ProjectionExpression = "#last",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#last"] = MessageTableSchema.Last },
        };
        var response = await DynamoDbCall.RunAsync(_logger, "GetItem", _tableName, token => _client.GetItemAsync(request, token), cancellationToken)
            .ConfigureAwait(false);
        return Long(response.Item, MessageTableSchema.Last) ?? 0;
    }

    private async Task<List<StoredMessage>> QueryAsync(string stream, long after, int limit, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var request = new QueryRequest
        {
            TableName = _tableName,
            KeyConditionExpression = "#stream = :stream AND #seq > :after",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#stream"] = MessageTableSchema.Stream, ["#seq"] = MessageTableSchema.Seq },
            ExpressionAttributeValues = new(StringComparer.Ordinal)
            {
                [":stream"] = new AttributeValue { S = stream },
                [":after"] = Number(after),
            },
            ConsistentRead = true,
        };
        var page = new List<StoredMessage>();
        do
        {
            request.Limit = limit - page.Count;
            var response = await DynamoDbCall.RunAsync(_logger, "Query", _tableName, token => _client.QueryAsync(request, token), cancellationToken)
                .ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                if (Long(item, MessageTableSchema.ExpiresAt) is { } expires && expires <= now)
                {
                    continue;
                }

                if (Long(item, MessageTableSchema.Seq) is not { } seq
                    || !item.TryGetValue(MessageTableSchema.Id, out var id) || id.S is null
                    || !item.TryGetValue(MessageTableSchema.Message, out var message) || message.S is null)
                {
                    DynamoDbConnectionStoreLog.MalformedItem(_logger, _tableName);
                    continue;
                }

                page.Add(new StoredMessage(seq, id.S, Encoding.UTF8.GetBytes(message.S)));
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (page.Count < limit && request.ExclusiveStartKey is not null);

        return page;
    }

    private static Dictionary<string, AttributeValue> Key(string stream, long seq) => new(StringComparer.Ordinal)
    {
        [MessageTableSchema.Stream] = new AttributeValue { S = stream },
        [MessageTableSchema.Seq] = Number(seq),
    };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static long? Long(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value)
            && long.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
