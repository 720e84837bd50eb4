using Amazon.Runtime;
using Notifier.Aws.Connections;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Sharding;

namespace Notifier.Publisher;

/// <summary>Where <see cref="NotifierPublisher"/> finds connections and how it reaches them.</summary>
/// <remarks>
/// On AWS only <see cref="TableName"/> is needed: region and credentials come from the SDK's usual chain
/// (<c>AWS_REGION</c>, environment, profile, instance role), and each connection is posted to at the
/// management endpoint stored with it. Against the local gateway set <see cref="DynamoDbServiceUrl"/> (when it
/// uses dynalite or DynamoDB Local), <see cref="ManagementEndpointOverride"/> and <see cref="Signing"/> =
/// <see cref="ManagementApiSigning.None"/>. Options are checked when the publisher is created.
/// </remarks>
public sealed class NotifierPublisherOptions
{
    /// <summary>The DynamoDB connections table the WebSocket functions write to.</summary>
    /// <remarks>Required unless a store is handed to the publisher. No default.</remarks>
    public string? TableName { get; init; }

    /// <summary>The DynamoDB topics table the <c>$default</c> function writes subscriptions to.</summary>
    /// <remarks>Default null: topic sends and member counts fail; everything else works. Needed for <c>SendToTopicAsync</c>,
    /// <c>CountTopicMembersAsync</c>, and for a 410 to prune the gone connection's subscriptions.</remarks>
    public string? TopicsTableName { get; init; }

    /// <summary>How many sub-partitions the stack writes each topic's subscriptions to: its <c>NOTIFIER_TOPIC_PARTITIONS</c>.</summary>
    /// <remarks>Default 16, the stack's default; 1 to 1,000. A different number than the stack's finds no subscribers.</remarks>
    public int TopicPartitions { get; init; } = ShardingOptions.DefaultTopicPartitions;

    /// <summary>The AWS region of the table and of the WebSocket API, e.g. <c>eu-west-1</c>.</summary>
    /// <remarks>Default null: the SDK's lookup (<c>AWS_REGION</c>, profile). With <see cref="DynamoDbServiceUrl"/> set it defaults to <c>us-east-1</c> for DynamoDB.</remarks>
    public string? Region { get; init; }

    /// <summary>A DynamoDB-compatible endpoint to use instead of AWS, e.g. <c>http://127.0.0.1:8000</c> (dynalite, DynamoDB Local).</summary>
    /// <remarks>Default null (AWS). With it set and no credentials in the environment, dummy credentials are used.</remarks>
    public Uri? DynamoDbServiceUrl { get; init; }

    /// <summary>The management API base URL to post to, instead of the endpoint stored with each connection.</summary>
    /// <remarks>
    /// Default null: each record's own endpoint (<c>https://{apiId}.execute-api.{region}.amazonaws.com/{stage}</c>).
    /// Set it for the local gateway (<c>http://127.0.0.1:8080/local</c>) or a custom domain with its base path.
    /// </remarks>
    public Uri? ManagementEndpointOverride { get; init; }

    /// <summary>How management API calls are signed.</summary>
    /// <remarks>Default <see cref="ManagementApiSigning.SigV4"/>, as API Gateway requires; <see cref="ManagementApiSigning.None"/> for the local gateway.</remarks>
    public ManagementApiSigning Signing { get; init; } = ManagementApiSigning.SigV4;

    /// <summary>Credentials for DynamoDB and for signing, or null for the SDK's default chain.</summary>
    /// <remarks>Default null.</remarks>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>How long one management API call may take before it counts as a transient failure.</summary>
    /// <remarks>Default 10 s.</remarks>
    public TimeSpan ManagementTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Fan-out concurrency and retry bounds.</summary>
    /// <remarks>
    /// Default <c>new DeliveryOptions()</c>: 64 posts in flight, 6 retries after a 429, 2 after a 5xx or timeout, and up
    /// to 5 after a 410 from a connection less than 5 s old (<see cref="DeliveryOptions.ConnectGrace"/>), whose record is kept.
    /// </remarks>
    public DeliveryOptions Delivery { get; init; } = new();

    /// <summary>The stored streams that <c>GetUserMessagesAsync</c> and <c>GetTopicMessagesAsync</c> read, e.g. the stack's history table.</summary>
    /// <remarks>Default null: those two calls throw <see cref="NotifierConfigurationException"/>; everything else works. The caller owns it.</remarks>
    public IMessageHistory? History { get; init; }

    /// <summary>Fails with a message that names the setting; <paramref name="storeGiven"/> makes the table optional.</summary>
    internal void Validate(bool storeGiven)
    {
        if (!storeGiven && string.IsNullOrWhiteSpace(TableName))
        {
            throw new NotifierConfigurationException(nameof(TableName), "is required: the DynamoDB table that holds the connections (or pass a connection store).");
        }

        CheckUrl(nameof(DynamoDbServiceUrl), DynamoDbServiceUrl);
        CheckUrl(nameof(ManagementEndpointOverride), ManagementEndpointOverride);
        if (ManagementEndpointOverride is { } endpoint && (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0))
        {
            throw new NotifierConfigurationException(nameof(ManagementEndpointOverride), $"must be a base URL without query or fragment, not '{endpoint}'.");
        }

        if (!Enum.IsDefined(Signing))
        {
            throw new NotifierConfigurationException(nameof(Signing), $"'{Signing}' is not a signing mode.");
        }

        if (TopicPartitions is < 1 or > DynamoDbConnectionStoreOptions.MaxTopicPartitions)
        {
            throw new NotifierConfigurationException(nameof(TopicPartitions), $"must be from 1 to 1000, not {TopicPartitions}.");
        }

        if (ManagementTimeout <= TimeSpan.Zero)
        {
            throw new NotifierConfigurationException(nameof(ManagementTimeout), "must be positive.");
        }

        if (Delivery is null)
        {
            throw new NotifierConfigurationException(nameof(Delivery), "must not be null.");
        }

        try
        {
            Delivery.Validate();
        }
        catch (ArgumentException e)
        {
            throw new NotifierConfigurationException(nameof(Delivery), e.Message);
        }
    }

    private static void CheckUrl(string name, Uri? url)
    {
        if (url is not null && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new NotifierConfigurationException(name, $"must be an absolute http(s) URL, not '{url}'.");
        }
    }
}
