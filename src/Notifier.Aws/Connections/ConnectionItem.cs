using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Notifier.Core.Connections;

namespace Notifier.Aws.Connections;

/// <summary>Translates between <see cref="ConnectionRecord"/> and a DynamoDB item.</summary>
/// <remarks>
/// <c>expiresAt</c> is stored in whole seconds (DynamoDB TTL needs epoch seconds), so a record read back
/// carries <see cref="ConnectionRecord.ExpiresAt"/> truncated to the second; <c>connectedAt</c> keeps milliseconds.
/// </remarks>
internal static class ConnectionItem
{
    private static readonly long MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
    private static readonly long MaxEpochSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static Dictionary<string, AttributeValue> Key(string connectionId) =>
        new(StringComparer.Ordinal) { [ConnectionTableSchema.ConnectionId] = new AttributeValue { S = connectionId } };

    public static Dictionary<string, AttributeValue> ToItem(ConnectionRecord record)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [ConnectionTableSchema.ConnectionId] = new AttributeValue { S = record.ConnectionId },
            [ConnectionTableSchema.UserId] = new AttributeValue { S = record.UserId },
            [ConnectionTableSchema.Endpoint] = new AttributeValue { S = record.Endpoint },
            [ConnectionTableSchema.ConnectedAt] = Number(record.ConnectedAt.ToUnixTimeMilliseconds()),
            [ConnectionTableSchema.ExpiresAt] = Number(record.ExpiresAt.ToUnixTimeSeconds()),
        };
        if (!string.IsNullOrEmpty(record.SourceIp))
        {
            item[ConnectionTableSchema.SourceIp] = new AttributeValue { S = record.SourceIp };
        }

        if (!string.IsNullOrEmpty(record.Protocol))
        {
            item[ConnectionTableSchema.Protocol] = new AttributeValue { S = record.Protocol };
        }

        return item;
    }

    /// <summary>Reads an item; null when a required attribute is missing or malformed.</summary>
    public static ConnectionRecord? FromItem(Dictionary<string, AttributeValue>? item)
    {
        if (item is null
            || !TryString(item, ConnectionTableSchema.ConnectionId, out var connectionId)
            || !TryString(item, ConnectionTableSchema.UserId, out var userId)
            || !TryString(item, ConnectionTableSchema.Endpoint, out var endpoint)
            || !TryNumber(item, ConnectionTableSchema.ConnectedAt, MaxEpochMilliseconds, out var connectedAtMs)
            || !TryNumber(item, ConnectionTableSchema.ExpiresAt, MaxEpochSeconds, out var expiresAtSeconds))
        {
            return null;
        }

        TryString(item, ConnectionTableSchema.SourceIp, out var sourceIp);
        TryString(item, ConnectionTableSchema.Protocol, out var protocol);
        return new ConnectionRecord(
            connectionId,
            userId,
            endpoint,
            DateTimeOffset.FromUnixTimeMilliseconds(connectedAtMs),
            DateTimeOffset.FromUnixTimeSeconds(expiresAtSeconds),
            sourceIp.Length > 0 ? sourceIp : null,
            protocol.Length > 0 ? protocol : null);
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static bool TryString(Dictionary<string, AttributeValue> item, string name, out string value)
    {
        value = item.TryGetValue(name, out var attribute) ? attribute.S ?? string.Empty : string.Empty;
        return value.Length > 0;
    }

    /// <summary>Reads a non-negative integer no larger than <paramref name="max"/>, so that it converts to a <see cref="DateTimeOffset"/>.</summary>
    private static bool TryNumber(Dictionary<string, AttributeValue> item, string name, long max, out long value)
    {
        value = 0;
        return item.TryGetValue(name, out var attribute)
            && long.TryParse(attribute.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)
            && value >= 0
            && value <= max;
    }
}
