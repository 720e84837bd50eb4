using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.History;
using Notifier.Core.History;

namespace Notifier.Local.Gateway;

/// <summary>Lists the streams of a messages table for the dashboard, when the gateway keeps its history on DynamoDB.</summary>
/// <remarks>
/// Each stream's counter item (<see cref="MessageTableSchema.CounterSeq"/>) names it and holds its last number; they are
/// found by a scan, and each stream's kept messages are counted by a query that leaves out the expired ones, as the history
/// does on read. A scan reads the whole table: fine for the development table of a local gateway, which is the only user
/// of this class; at most <see cref="MaxStreams"/> streams are listed.
/// </remarks>
internal sealed class DynamoDbStreamListing : IStreamListing
{
    /// <summary>The most streams one listing returns.</summary>
    public const int MaxStreams = 500;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeProvider _timeProvider;

    public DynamoDbStreamListing(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider)
    {
        _client = client;
        _tableName = tableName;
        _timeProvider = timeProvider;
    }

    public async Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(CancellationToken cancellationToken = default)
    {
        var counters = new List<(string Stream, long Last)>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await _client.ScanAsync(
                new ScanRequest
                {
                    TableName = _tableName,
                    FilterExpression = "#seq = :counter",
                    ProjectionExpression = "#stream, #last",
                    ExpressionAttributeNames = new() { ["#seq"] = MessageTableSchema.Seq, ["#stream"] = MessageTableSchema.Stream, ["#last"] = MessageTableSchema.Last },
                    ExpressionAttributeValues = new() { [":counter"] = Number(MessageTableSchema.CounterSeq) },
                    ExclusiveStartKey = startKey,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                if (item.TryGetValue(MessageTableSchema.Stream, out var stream) && stream.S is { } name)
                {
                    counters.Add((name, item.TryGetValue(MessageTableSchema.Last, out var last) && long.TryParse(last.N, CultureInfo.InvariantCulture, out var n) ? n : 0));
                }
            }

            startKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null && counters.Count < MaxStreams);

        var streams = new List<StreamSummary>();
        foreach (var (stream, last) in counters.OrderBy(counter => counter.Stream, StringComparer.Ordinal).Take(MaxStreams))
        {
            streams.Add(new StreamSummary(stream, last, await CountKeptAsync(stream, cancellationToken).ConfigureAwait(false)));
        }

        return streams;
    }

    private async Task<int> CountKeptAsync(string stream, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var kept = 0;
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await _client.QueryAsync(
                new QueryRequest
                {
                    TableName = _tableName,
                    KeyConditionExpression = "#stream = :stream AND #seq > :counter",
                    FilterExpression = "attribute_not_exists(#expiresAt) OR #expiresAt > :now",
                    Select = Select.COUNT,
                    ExpressionAttributeNames = new() { ["#stream"] = MessageTableSchema.Stream, ["#seq"] = MessageTableSchema.Seq, ["#expiresAt"] = MessageTableSchema.ExpiresAt },
                    ExpressionAttributeValues = new()
                    {
                        [":stream"] = new AttributeValue { S = stream },
                        [":counter"] = Number(MessageTableSchema.CounterSeq),
                        [":now"] = Number(now),
                    },
                    ExclusiveStartKey = startKey,
                },
                cancellationToken).ConfigureAwait(false);
            kept += page.Count ?? 0;
            startKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);

        return kept;
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
