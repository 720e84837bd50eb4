using Amazon.Runtime;
using Notifier.Core.Connections;

namespace Notifier.Aws.Connections;

public sealed partial class DynamoDbConnectionStore
{
    /// <summary>Runs one SDK call, translating a failure of the store into <see cref="ConnectionStoreException"/>.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            DynamoDbConnectionStoreLog.RequestFailed(_logger, operation, _tableName, exception);
            throw new ConnectionStoreException(
                $"DynamoDB {operation} on table '{_tableName}' failed: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// True for failures of the store or the way to it. A cancellation the caller did not ask for is the
    /// HTTP client's timeout, so it counts as a failure; one the caller asked for does not.
    /// </summary>
    private static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonServiceException or AmazonClientException => true,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };
}
