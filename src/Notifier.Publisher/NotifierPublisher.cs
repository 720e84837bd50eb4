using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Aws.Connections;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.Publisher;

/// <summary>Sends notifications to Notifier's WebSocket clients from a backend service: one connection, a user's devices, many users, a topic or everyone; and tells who is online.</summary>
/// <remarks>
/// Reads connections from the same DynamoDB table the WebSocket functions write, posts through API Gateway's
/// management API (SigV4-signed), retries throttling within bounds, and removes connections that answer 410
/// Gone. Messages are JSON values, sent compact; a message that is not JSON or is over 128 KB is refused with an
/// <see cref="ArgumentException"/> before anything is looked up. Create one instance per process and share it:
/// it keeps pooled HTTP connections. Safe for concurrent use.
/// </remarks>
public sealed partial class NotifierPublisher : IDisposable, IAsyncDisposable
{
    private readonly NotificationSender _sender;
    private readonly ManagementApiClient _management;
    private readonly AmazonDynamoDBClient? _dynamoDb;
    private int _disposed;

    /// <summary>Creates a publisher over the DynamoDB table named in <paramref name="options"/>.</summary>
    /// <exception cref="NotifierConfigurationException">A setting is missing or invalid; the message names it.</exception>
    public NotifierPublisher(NotifierPublisherOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, null, loggerFactory, storeGiven: false)
    {
    }

    /// <summary>Creates a publisher over <paramref name="store"/> (which the caller owns); <see cref="NotifierPublisherOptions.TableName"/> is not needed.</summary>
    /// <exception cref="NotifierConfigurationException">A setting is missing or invalid; the message names it.</exception>
    public NotifierPublisher(NotifierPublisherOptions options, IConnectionStore store, ILoggerFactory? loggerFactory = null)
        : this(options, store ?? throw new ArgumentNullException(nameof(store)), loggerFactory, storeGiven: true)
    {
    }

    private NotifierPublisher(NotifierPublisherOptions options, IConnectionStore? store, ILoggerFactory? loggerFactory, bool storeGiven)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(storeGiven);
        loggerFactory ??= NullLoggerFactory.Instance;

        _management = new ManagementApiClient(
            new ManagementApiOptions
            {
                Signing = options.Signing,
                Credentials = options.Credentials,
                Region = options.Region,
                Timeout = options.ManagementTimeout,
            },
            loggerFactory.CreateLogger<ManagementApiClient>());
        try
        {
            if (store is null)
            {
                _dynamoDb = CreateDynamoDbClient(options);
                store = new DynamoDbConnectionStore(
                    _dynamoDb,
                    options.TableName!,
                    logger: loggerFactory.CreateLogger<DynamoDbConnectionStore>(),
                    options: new DynamoDbConnectionStoreOptions { TopicsTableName = options.TopicsTableName });
            }

            IConnectionChannel channel = options.ManagementEndpointOverride is { } endpoint
                ? new EndpointOverrideChannel(_management, endpoint)
                : _management;
            _sender = new NotificationSender(store, channel, options.Delivery, logger: loggerFactory.CreateLogger<NotificationSender>());
        }
        catch
        {
            _dynamoDb?.Dispose();
            _management.Dispose();
            throw;
        }
    }

    /// <summary>Closes the pooled HTTP connections (and the DynamoDB client the publisher created).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _management.Dispose();
            _dynamoDb?.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static AmazonDynamoDBClient CreateDynamoDbClient(NotifierPublisherOptions options)
    {
        try
        {
            return DynamoDbClientFactory.CreateClient(options.DynamoDbServiceUrl?.AbsoluteUri, options.Region, options.Credentials);
        }
        catch (AmazonClientException e)
        {
            throw new NotifierConfigurationException(
                $"{nameof(NotifierPublisherOptions.Region)}: the DynamoDB client could not be created ({e.Message}); set Region or AWS_REGION, or DynamoDbServiceUrl.",
                e);
        }
    }

    private NotificationSender Sender
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _sender;
        }
    }
}
