namespace Notifier.Core.History;

/// <summary>How many messages one history query returns, over HTTP and from the publisher alike.</summary>
public static class HistoryLimits
{
    /// <summary>The page size when a query names none.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page a query may ask for.</summary>
    public const int MaxLimit = 1000;
}
