namespace Notifier.Local.Gateway;

/// <summary>What <c>serve</c> was told: the secret, the store, and the environment the functions read settings from.</summary>
internal sealed record LocalGatewaySettings(string JwtSecret, Uri? DynamoDbUrl, string TableName, Func<string, string?> Environment)
{
    /// <summary>A store to use instead of the one the settings describe (tests: a store that is down).</summary>
    public Notifier.Core.Connections.IConnectionStore? StoreOverride { get; init; }

    /// <summary>
    /// Whether the dashboard may mint tokens (<c>POST /_local/token</c>): only when the gateway made up its own secret,
    /// so no token it hands out is valid anywhere else.
    /// </summary>
    public bool IssuesDevTokens { get; init; }

    public const string DefaultTableName = "notifier-connections";

    public const string DefaultTopicsTableName = "notifier-topics";

    public const string DefaultMessagesTableName = "notifier-messages";

    /// <summary>The DynamoDB table of topic subscriptions, beside <see cref="TableName"/>; created if missing.</summary>
    public string TopicsTableName { get; init; } = DefaultTopicsTableName;

    /// <summary>The DynamoDB table of the streams' message history, beside <see cref="TableName"/>; created if missing.</summary>
    /// <remarks>Used only with <see cref="DynamoDbUrl"/>: the history then survives a restart of the gateway, as the connections do.</remarks>
    public string MessagesTableName { get; init; } = DefaultMessagesTableName;
}
