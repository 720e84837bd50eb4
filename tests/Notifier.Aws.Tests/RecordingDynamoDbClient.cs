using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Notifier.Aws.Connections;

namespace Notifier.Aws.Tests;

/// <summary>A real client that records Query, Scan and BatchWriteItem requests and can script Query and BatchWriteItem.</summary>
internal sealed class RecordingDynamoDbClient : AmazonDynamoDBClient
{
    public RecordingDynamoDbClient(Uri endpoint)
        : base(DynamoDbClientFactory.LocalCredentials(), new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint.AbsoluteUri,
            AuthenticationRegion = DynamoDbClientFactory.LocalRegion,
            Timeout = TestDynamoDb.HttpTimeout,
            MaxErrorRetry = 1,
        })
    {
    }

    /// <summary>When set, answers BatchWriteItem instead of the server.</summary>
    public Func<BatchWriteItemRequest, BatchWriteItemResponse>? BatchWrite { get; init; }

    /// <summary>When set, answers Query instead of the server.</summary>
    public Func<QueryRequest, CancellationToken, Task<QueryResponse>>? Query { get; init; }

    public ConcurrentQueue<QueryRequest> Queries { get; } = new();

    public ConcurrentQueue<ScanRequest> Scans { get; } = new();

    public ConcurrentQueue<BatchWriteItemRequest> BatchWrites { get; } = new();

    public override Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default)
    {
        Queries.Enqueue(request);
        return Query is { } script ? script(request, cancellationToken) : base.QueryAsync(request, cancellationToken);
    }

    public override Task<ScanResponse> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        Scans.Enqueue(request);
        return base.ScanAsync(request, cancellationToken);
    }

    public override Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken = default)
    {
        // Copy: the store may reuse the list it passed in.
        BatchWrites.Enqueue(new BatchWriteItemRequest
        {
            RequestItems = request.RequestItems.ToDictionary(pair => pair.Key, pair => pair.Value.ToList()),
        });
        return BatchWrite is { } script ? Task.FromResult(script(request)) : base.BatchWriteItemAsync(request, cancellationToken);
    }
}
