using System.Security.Cryptography;
using Notifier.Aws.Management;
using Notifier.Aws.Tests.Management;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Testing.Connections;

namespace Notifier.Aws.Tests.Delivery;

/// <summary>
/// <see cref="NotificationSender"/> over the real <see cref="ManagementApiClient"/> against a fake <c>@connections</c>
/// endpoint on 127.0.0.1, with a real store: written once, run against each store by deriving from this class.
/// </summary>
/// <remarks>
/// Retry delays are a few milliseconds. The client gives up on a post after <see cref="PostTimeout"/>: long enough
/// that a busy machine never times out a post the fake answers at once (it would be reported unconfirmed, not
/// delivered), short enough that a connection that never answers costs under two seconds. Each client is warmed up with one GET first, so no post pays for JIT or connecting.
/// </remarks>
public abstract partial class SenderOverManagementApiContract : IAsyncLifetime
{
    protected static readonly TimeSpan PostTimeout = TimeSpan.FromMilliseconds(1500);

    private const string Message = """{ "type" : "order.shipped", "orderId" : 42, "note" : "a b" }""";
    private const string CompactMessage = """{"type":"order.shipped","orderId":42,"note":"a b"}""";

    private static readonly DeliveryOptions FastRetries = new()
    {
        ThrottleRetries = 6,
        TransientRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(10),
    };

    private readonly List<IDisposable> _disposables = [];
    private readonly Dictionary<string, FakeAnswer[]> _scripts = new(StringComparer.Ordinal);

    private protected FakeManagementEndpoint Endpoint { get; private set; } = null!;

    /// <summary>Creates an empty store; an implementation needing a missing server skips or fails here.</summary>
    protected abstract Task<IConnectionStore> CreateStoreAsync();

    public async Task InitializeAsync() => Endpoint = await FakeManagementEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await Endpoint.DisposeAsync();
    }

    /// <summary>An API Gateway-like id whose <c>+</c>, <c>/</c> and <c>=</c> must survive escaping; <paramref name="tag"/> keeps it readable.</summary>
    private static string NewConnectionId(string tag) => $"{tag}{Convert.ToBase64String(RandomNumberGenerator.GetBytes(6))}+/=";

    private async Task<(NotificationSender Sender, IConnectionStore Store)> SenderAsync(ManagementApiClient? client = null)
    {
        var store = await CreateStoreAsync();
        client ??= TestManagementClients.Unsigned(PostTimeout);
        _disposables.Add(client);
        await client.GetConnectionAsync(Endpoint.Endpoint, "warm-up").WaitAsync(TestManagementClients.Wait);
        return (new NotificationSender(store, client, FastRetries), store);
    }

    /// <summary>Stores a settled connection (a 410 from it is final) that answers <paramref name="script"/>, the last answer repeated.</summary>
    private Task<string> ConnectAsync(IConnectionStore store, string userId, string tag, params FakeAnswer[] script) =>
        ConnectAsync(store, TestRecords.Settled(NewConnectionId(tag), userId, Endpoint.Endpoint), script);

    /// <summary>Stores <paramref name="record"/> and has its connection answer <paramref name="script"/>, the last answer repeated.</summary>
    private async Task<string> ConnectAsync(IConnectionStore store, ConnectionRecord record, params FakeAnswer[] script)
    {
        var connectionId = record.ConnectionId;
        await store.AddAsync(record);
        _scripts[connectionId] = script;
        Endpoint.AnswerByConnection(_scripts);
        return connectionId;
    }

    /// <summary>Every post carried the exact compact message, and no connection was posted to after it answered 200.</summary>
    private void AssertNothingDoubleSent()
    {
        Assert.All(Endpoint.Posts, post => Assert.Equal(CompactMessage, post.Body));
        foreach (var posts in Endpoint.Posts.GroupBy(post => post.ConnectionId))
        {
            var list = posts.ToList();
            var firstOk = list.FindIndex(post => post.Status == 200);
            Assert.True(firstOk < 0 || firstOk == list.Count - 1, $"{posts.Key} was posted to again after a 200");
        }
    }

    private int PostCount(string connectionId) => Endpoint.BodiesPostedTo(connectionId).Count;

    private static List<string> Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];
}
