namespace Notifier.Core.Connections;

/// <summary>The in-memory store's indexes: a key to the set of what it links to, created with its first link.</summary>
internal static class IndexDictionary
{
    public static TLinks Links<TLinks>(this Dictionary<string, TLinks> index, string key)
        where TLinks : new()
    {
        if (!index.TryGetValue(key, out var links))
        {
            index[key] = links = new TLinks();
        }

        return links;
    }
}
