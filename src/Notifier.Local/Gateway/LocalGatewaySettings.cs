namespace Notifier.Local.Gateway;

/// <summary>What <c>serve</c> was told: the secret, the store, and the environment the functions read settings from.</summary>
internal sealed record LocalGatewaySettings(string JwtSecret, Uri? DynamoDbUrl, string TableName, Func<string, string?> Environment)
{
    public const string DefaultTableName = "notifier-connections";
}
