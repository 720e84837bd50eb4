using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Amazon.DynamoDBv2.Model;
using Notifier.Core.Connections;

namespace Notifier.Aws.Connections;

public sealed partial class DynamoDbConnectionStore
{
    /// <summary>How many records the parallel scan may read ahead of the consumer.</summary>
    private const int ScanBufferSize = 256;

    /// <remarks>
    /// Scans <see cref="DynamoDbConnectionStoreOptions.ScanSegments"/> segments in parallel and streams records
    /// as pages arrive, in no particular order. The first failing segment stops the others and its
    /// <see cref="ConnectionStoreException"/> reaches the consumer; leaving the loop early stops every segment.
    /// </remarks>
    public async IAsyncEnumerable<ConnectionRecord> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scan = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<ConnectionRecord>(
            new BoundedChannelOptions(ScanBufferSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var segments = _options.ScanSegments;
        var producers = Enumerable.Range(0, segments)
            .Select(segment => ScanSegmentAsync(segment, segments, channel.Writer, scan))
            .ToArray();
        var completion = Task.WhenAll(producers).ContinueWith(
            _ => channel.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var record in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return record;
            }
        }
        finally
        {
            await scan.CancelAsync().ConfigureAwait(false);
            await completion.ConfigureAwait(false);
        }
    }

    /// <summary>Pages through one segment; never throws, it completes the channel with its failure instead.</summary>
    private async Task ScanSegmentAsync(int segment, int totalSegments, ChannelWriter<ConnectionRecord> writer, CancellationTokenSource scan)
    {
        try
        {
            Dictionary<string, AttributeValue>? startKey = null;
            do
            {
                var request = new ScanRequest
                {
                    TableName = _tableName,
                    Segment = segment,
                    TotalSegments = totalSegments,
                    ExclusiveStartKey = startKey,
                    Limit = _options.PageSize,
                };
                var response = await CallAsync("Scan", token => _client.ScanAsync(request, token), scan.Token).ConfigureAwait(false);
                foreach (var item in response.Items ?? [])
                {
                    if (ReadLive(item) is { } record)
                    {
                        await writer.WriteAsync(record, scan.Token).ConfigureAwait(false);
                    }
                }

                startKey = NextPage(response.LastEvaluatedKey);
            }
            while (startKey is not null);
        }
        catch (OperationCanceledException) when (scan.IsCancellationRequested)
        {
            // The consumer left or another segment failed; nothing to report from here.
        }
#pragma warning disable CA1031 // The failure is handed to the consumer through the channel.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            writer.TryComplete(exception);
            await scan.CancelAsync().ConfigureAwait(false);
        }
    }
}
