using System.Collections.Concurrent;
using Amazon.Runtime;

namespace Notifier.History;

/// <summary>Gives the DynamoDB clients HttpClients that count every request sent, by operation (the <c>X-Amz-Target</c> header).</summary>
/// <remarks>
/// Counted on the wire, so an SDK retry counts as a second call, as DynamoDB would bill it. Writes are the operations
/// that consume write capacity: <c>PutItem</c>, <c>UpdateItem</c>, <c>DeleteItem</c>, <c>BatchWriteItem</c> and
/// <c>TransactWriteItems</c>.
/// </remarks>
internal sealed class DynamoDbCallCounter : HttpClientFactory
{
    private static readonly string[] WriteOperations = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"];

    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);

    /// <summary>Calls per operation since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<string, long> Calls => _calls.ToDictionary(StringComparer.Ordinal);

    /// <summary>Write calls since the last <see cref="Reset"/>.</summary>
    public long Writes => WriteOperations.Sum(operation => _calls.GetValueOrDefault(operation));

    /// <summary>Every call since the last <see cref="Reset"/>.</summary>
    public long Total => _calls.Values.Sum();

    public void Reset() => _calls.Clear();

    /// <summary>Counts one request to <paramref name="operation"/>, e.g. <c>PutItem</c>.</summary>
    public void Count(string operation) => _calls.AddOrUpdate(operation, 1, (_, count) => count + 1);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var client = new HttpClient(new CallCountingHandler(this, new SocketsHttpHandler()));
        if (clientConfig.Timeout is { } timeout)
        {
            client.Timeout = timeout;
        }

        return client;
    }
}
