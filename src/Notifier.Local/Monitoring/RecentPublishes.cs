namespace Notifier.Local.Monitoring;

/// <summary>The last <see cref="Capacity"/> publishes by id, for <c>GET /_local/publishes/{publishId}</c>; older ones are forgotten.</summary>
internal sealed class RecentPublishes
{
    public const int Capacity = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PublishRecord> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(string publishId, PublishRecord record)
    {
        lock (_gate)
        {
            if (!_byId.TryAdd(publishId, record))
            {
                _byId[publishId] = record;
                return;
            }

            _order.Enqueue(publishId);
            while (_order.Count > Capacity)
            {
                _byId.Remove(_order.Dequeue());
            }
        }
    }

    public PublishRecord? Find(string publishId)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(publishId);
        }
    }
}
