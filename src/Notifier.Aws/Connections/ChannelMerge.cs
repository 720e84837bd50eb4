using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Notifier.Aws.Connections;

/// <summary>Reads several sources at once and streams their items as they arrive: a parallel scan's segments, a topic's partitions.</summary>
internal static class ChannelMerge
{
    /// <summary>
    /// Streams the items of sources 0 to <paramref name="count"/> - 1, in no particular order, at most
    /// <paramref name="bufferSize"/> ahead of the consumer.
    /// </summary>
    /// <remarks>
    /// The first failing source stops the others and its exception reaches the consumer; leaving the loop early
    /// stops every source. Each source is handed the token that stops it.
    /// </remarks>
    public static async IAsyncEnumerable<T> MergeAsync<T>(
        int count,
        Func<int, CancellationToken, IAsyncEnumerable<T>> source,
        int bufferSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(bufferSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var producers = Enumerable.Range(0, count)
            .Select(index => ProduceAsync(source(index, stop.Token), channel.Writer, stop))
            .ToArray();
        var completion = Task.WhenAll(producers).ContinueWith(
            _ => channel.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await completion.ConfigureAwait(false);
        }
    }

    /// <summary>Copies one source into the channel; never throws, it completes the channel with its failure instead.</summary>
    private static async Task ProduceAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<T> writer, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var item in source.WithCancellation(stop.Token).ConfigureAwait(false))
            {
                await writer.WriteAsync(item, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The consumer left or another source failed; nothing to report from here.
        }
#pragma warning disable CA1031 // The failure is handed to the consumer through the channel.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            writer.TryComplete(exception);
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }
}
