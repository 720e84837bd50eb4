using System.Runtime.CompilerServices;
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
        var request = new QueryRequest
        {
            TableName = _tableName,
            IndexName = ConnectionTableSchema.ByUserIndex,
            KeyConditionExpression = "#user = :user",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#user"] = ConnectionTableSchema.UserId },
            ExpressionAttributeValues = new(StringComparer.Ordinal) { [":user"] = new AttributeValue { S = userId } },
            Limit = _options.PageSize,
        };
        var records = new List<ConnectionRecord>();
        await foreach (var item in QueryAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (ReadLive(item) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Streams the items of every page of <paramref name="request"/> (which this call pages through).</summary>
    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        QueryRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in QueryPagesAsync(request, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items ?? [])
            {
                yield return item;
            }
        }
    }

    /// <summary>Streams every page of <paramref name="request"/>, setting its start key for each next page.</summary>
    private async IAsyncEnumerable<QueryResponse> QueryPagesAsync(
        QueryRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var response = await CallAsync("Query", token => _client.QueryAsync(request, token), cancellationToken).ConfigureAwait(false);
            yield return response;
            request.ExclusiveStartKey = NextPage(response.LastEvaluatedKey);
        }
        while (request.ExclusiveStartKey is not null);
    }

    private static Dictionary<string, AttributeValue>? NextPage(Dictionary<string, AttributeValue>? lastEvaluatedKey) =>
        lastEvaluatedKey is { Count: > 0 } ? lastEvaluatedKey : null;
}
