namespace Notifier.Core.Connections;

/// <summary>The connection store could not complete an operation.</summary>
/// <remarks>
/// Adapters throw this, with the SDK's exception inside, when the backing store is unreachable, too
/// slow, throttling beyond its retries or misconfigured (e.g. a missing table). Handlers catch it and
/// answer 500; the core never needs to know which store failed. Cancellation requested by the caller
/// is not translated: it stays an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class ConnectionStoreException : Exception
{
    public ConnectionStoreException()
    {
    }

    public ConnectionStoreException(string message)
        : base(message)
    {
    }

    public ConnectionStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
