using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Notifier.Core.Connections;

namespace Notifier.Aws.Connections;

/// <summary>Runs one DynamoDB SDK call, translating a failure of the service or the way to it into <see cref="ConnectionStoreException"/>.</summary>
/// <remarks>Shared by every DynamoDB adapter, so that the store and the send ledger fail the same way.</remarks>
internal static class DynamoDbCall
{
    /// <summary>Runs <paramref name="call"/>; a store failure is logged and rethrown as <see cref="ConnectionStoreException"/>.</summary>
    public static async Task<T> RunAsync<T>(
        ILogger logger,
        string operation,
        string tableName,
        Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsStoreFailure(exception, cancellationToken))
        {
            DynamoDbConnectionStoreLog.RequestFailed(logger, operation, tableName, exception);
            throw new ConnectionStoreException(
                $"DynamoDB {operation} on table '{tableName}' failed: {exception.Message}", exception);
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
