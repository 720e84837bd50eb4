using System.Text.Json;

namespace Notifier.Local.Monitoring;

/// <summary>One publish as the dashboard keeps it: its request and answer, and the outcome per connection as posts and shards report them.</summary>
/// <remarks>
/// Created before the publish function runs, so that the posts of its send, and the shards it queues, find it at once;
/// its id is known once the function has answered. Shards that finish before the publish event is out wait for it, so
/// a page sees the publish before its shards. At most <see cref="MaxOutcomes"/> connections are kept.
/// </remarks>
internal sealed class PublishRecord
{
    public const int MaxOutcomes = 1_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _outcomeIndex = new(StringComparer.Ordinal);
    private readonly List<ConnectionOutcomeJson> _outcomes = [];
    private List<ShardEvent>? _waitingShards = [];
    private bool _truncated;

    /// <summary>The publish's id: its message id, known once the function has answered.</summary>
    public string? PublishId { get; private set; }

    public string Time { get; private set; } = string.Empty;

    public PublishTarget? Target { get; private set; }

    public JsonElement? Message { get; private set; }

    public int Status { get; private set; }

    public JsonElement? Report { get; private set; }

    /// <summary>Records what one connection came to; a later answer for the same connection (a retry) replaces the earlier one.</summary>
    public void AddOutcome(string connectionId, string? userId, string outcome)
    {
        lock (_gate)
        {
            if (_outcomeIndex.TryGetValue(connectionId, out var index))
            {
                _outcomes[index] = new ConnectionOutcomeJson(connectionId, userId ?? _outcomes[index].UserId, outcome);
            }
            else if (_outcomes.Count < MaxOutcomes)
            {
                _outcomeIndex[connectionId] = _outcomes.Count;
                _outcomes.Add(new ConnectionOutcomeJson(connectionId, userId, outcome));
            }
            else
            {
                _truncated = true;
            }
        }
    }

    /// <summary>Whether an outcome is recorded for <paramref name="connectionId"/>.</summary>
    public bool HasOutcome(string connectionId)
    {
        lock (_gate)
        {
            return _outcomeIndex.ContainsKey(connectionId);
        }
    }

    /// <summary>Fills in what the answer told, once the function has answered.</summary>
    public void Answered(string publishId, string time, PublishTarget? target, JsonElement? message, int status, JsonElement? report)
    {
        lock (_gate)
        {
            PublishId = publishId;
            Time = time;
            Target = target;
            Message = message;
            Status = status;
            Report = report;
        }
    }

    /// <summary>Publishes <paramref name="publishEvent"/> to <paramref name="feed"/>, then the shard events that were waiting for it.</summary>
    public void Announce(DashboardFeed feed, PublishEvent publishEvent)
    {
        lock (_gate)
        {
            feed.Publish(publishEvent);
            foreach (var shard in _waitingShards ?? [])
            {
                feed.Publish(shard);
            }

            _waitingShards = null;
        }
    }

    /// <summary>Publishes <paramref name="shardEvent"/>, or keeps it until the publish itself has been announced.</summary>
    public void ShardFinished(DashboardFeed feed, ShardEvent shardEvent)
    {
        lock (_gate)
        {
            if (_waitingShards is { } waiting)
            {
                waiting.Add(shardEvent);
            }
            else
            {
                feed.Publish(shardEvent);
            }
        }
    }

    public PublishDetails Details()
    {
        lock (_gate)
        {
            return new PublishDetails(PublishId ?? string.Empty, Time, Target, Message, Status, Report, [.. _outcomes], _truncated);
        }
    }
}
