using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Notifier.Aws.Connections;

/// <summary>Creates the connections, topics and messages tables for local runs and tests, and waits until they can be used.</summary>
/// <remarks>
/// <c>CreateTable</c> answers while the table is still <c>CREATING</c>, and reads and writes fail with
/// <c>ResourceNotFoundException</c> until it and its index are <c>ACTIVE</c>. Deployed stacks create the
/// table from the template instead.
/// </remarks>
public static class ConnectionTableSetup
{
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(1);

    /// <summary>Creates the connections table <paramref name="tableName"/> unless it exists, then waits until it and its index are active.</summary>
    /// <exception cref="TimeoutException">The table is not active after <paramref name="timeout"/>.</exception>
    public static Task EnsureTableAsync(
        IAmazonDynamoDB client,
        string tableName,
        TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        EnsureTableAsync(client, ConnectionTableSchema.BuildCreateTableRequest(tableName), timeout, cancellationToken);

    /// <summary>Creates the table <paramref name="create"/> describes (e.g. the topics table) unless it exists, then waits until it is active.</summary>
    /// <exception cref="TimeoutException">The table is not active after <paramref name="timeout"/>.</exception>
    public static async Task EnsureTableAsync(
        IAmazonDynamoDB client,
        CreateTableRequest create,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(create);
        try
        {
            await client.CreateTableAsync(create, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // It exists already (or is being created by someone else); wait for it below.
        }

        await WaitUntilActiveAsync(client, create.TableName, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls <c>DescribeTable</c> until the table and every global secondary index are active.</summary>
    /// <exception cref="TimeoutException">The table is not active after <paramref name="timeout"/>.</exception>
    public static async Task WaitUntilActiveAsync(
        IAmazonDynamoDB client,
        string tableName,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var delay = TimeSpan.FromMilliseconds(20);
        try
        {
            while (true)
            {
                var response = await client.DescribeTableAsync(tableName, deadline.Token).ConfigureAwait(false);
                if (IsActive(response.Table))
                {
                    return;
                }

                await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"DynamoDB table '{tableName}' was not active within {timeout.TotalSeconds} s.");
        }
    }

    private static bool IsActive(TableDescription? table) =>
        table?.TableStatus == TableStatus.ACTIVE
        && (table.GlobalSecondaryIndexes ?? []).All(index => index.IndexStatus == IndexStatus.ACTIVE);
}
