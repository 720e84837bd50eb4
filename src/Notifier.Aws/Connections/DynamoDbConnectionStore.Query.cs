using Amazon.DynamoDBv2.Model;
using Notifier.Core.Connections;

namespace Notifier.Aws.Connections;

public sealed partial class DynamoDbConnectionStore
{
    /// <remarks>
    /// Queries the <see cref="ConnectionTableSchema.ByUserIndex"/> index page by page. Global secondary
    /// indexes are eventually consistent, so a connection added a moment ago may not be listed yet.
    /// </remarks>
    public async Task<IReadOnlyList<ConnectionRecord>> ListByUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var records = new List<ConnectionRecord>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = _tableName,
                IndexName = ConnectionTableSchema.ByUserIndex,
                KeyConditionExpression = "#user = :user",
                ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#user"] = ConnectionTableSchema.UserId },
                ExpressionAttributeValues = new(StringComparer.Ordinal) { [":user"] = new AttributeValue { S = userId } },
                ExclusiveStartKey = startKey,
                Limit = _options.PageSize,
            };
            var response = await CallAsync("Query", token => _client.QueryAsync(request, token), cancellationToken)
                .ConfigureAwait(false);
            AddLive(response.Items, records);
            startKey = NextPage(response.LastEvaluatedKey);
        }
        while (startKey is not null);

        return records;
    }

    private void AddLive(List<Dictionary<string, AttributeValue>>? items, List<ConnectionRecord> records)
    {
        foreach (var item in items ?? [])
        {
            if (ReadLive(item) is { } record)
            {
                records.Add(record);
            }
        }
    }

    private static Dictionary<string, AttributeValue>? NextPage(Dictionary<string, AttributeValue>? lastEvaluatedKey) =>
        lastEvaluatedKey is { Count: > 0 } ? lastEvaluatedKey : null;
}
