namespace Notifier.Core.History;

/// <summary>The stored streams: each stream numbers its messages 1, 2, 3, ... and keeps them for the retention, so a client that missed some can resume.</summary>
/// <remarks>
/// A stream is a user's (<c>user:{userId}</c>, see <see cref="StreamName"/>) or a topic's. Implementations are safe
/// for concurrent use: concurrent appends to one stream get distinct, consecutive numbers.
/// </remarks>
public interface IMessageHistory
{
    /// <summary>Gives <paramref name="message"/> the stream's next number and stores it (for the retention) before returning that number.</summary>
    /// <param name="stream">The stream, e.g. <c>user:alice</c> or <c>orders/42</c>.</param>
    /// <param name="messageId">The message's id, the same in every stream it goes to.</param>
    /// <param name="message">The message as published: compact JSON, UTF-8.</param>
    /// <param name="cancellationToken">Stops the append; a number may then have been taken and left unused.</param>
    Task<long> AppendAsync(string stream, string messageId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> stored messages of <paramref name="stream"/> numbered above <paramref name="after"/>, in order.</summary>
    /// <remarks>
    /// <see cref="HistoryPage.Last"/> is the stream's last number (0 for a stream never written).
    /// <see cref="HistoryPage.Complete"/> is false when a message numbered above <paramref name="after"/>, up to the last one
    /// returned (or up to <see cref="HistoryPage.Last"/> when none is returned), is no longer stored; always false when
    /// the retention is zero.
    /// </remarks>
    Task<HistoryPage> ReadAsync(string stream, long after, int limit, CancellationToken cancellationToken = default);
}
