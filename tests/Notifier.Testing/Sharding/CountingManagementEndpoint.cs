using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Notifier.Testing.Http;

namespace Notifier.Testing.Sharding;

/// <summary>A stand-in for API Gateway's management API on 127.0.0.1 that counts every post per connection, to find losses and repeats.</summary>
/// <remarks>
/// A post counts when it arrives, before the latency: as on AWS, a message may reach its socket though its caller gave
/// up waiting for the answer. Every post is answered 200 after <c>latency</c>, which stands in for the round trip from
/// Lambda to API Gateway that loopback does not have.
/// </remarks>
public sealed class CountingManagementEndpoint : IAsyncDisposable
{
    public const string Stage = "stub";

    private readonly ConcurrentDictionary<string, int> _posts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<long> _arrivals = new();
    private readonly TimeSpan _latency;
    private LoopbackServer? _server;
    private long _total;
    private long _firstTicks;
    private long _lastTicks;

    private CountingManagementEndpoint(TimeSpan latency) => _latency = latency;

    /// <summary>The management API base URL to store in connection records, <c>http://127.0.0.1:{port}/stub</c>.</summary>
    public string Endpoint => (_server ?? throw new InvalidOperationException("The endpoint is not started.")).BaseAddress.AbsoluteUri + Stage;

    /// <summary>Every post so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The time from the first post's arrival to the last's.</summary>
    public TimeSpan Span => Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstTicks), Interlocked.Read(ref _lastTicks));

    public static async Task<CountingManagementEndpoint> StartAsync(TimeSpan latency)
    {
        var endpoint = new CountingManagementEndpoint(latency);
        endpoint._server = await LoopbackServer.StartAsync(app => app.MapPost("/{stage}/@connections/{**id}", endpoint.PostAsync));
        return endpoint;
    }

    /// <summary>Forgets every post, for the next round of a benchmark.</summary>
    public void Reset()
    {
        _posts.Clear();
        _arrivals.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _firstTicks, 0);
        Interlocked.Exchange(ref _lastTicks, 0);
    }

    /// <summary>Posts per second between the arrival of the 10th and the 90th percentile post: the steady rate, without the start and the tail.</summary>
    public double SustainedRate()
    {
        var arrivals = _arrivals.Order().ToArray();
        if (arrivals.Length < 10)
        {
            return double.NaN;
        }

        var first = arrivals.Length / 10;
        var last = arrivals.Length * 9 / 10;
        return (last - first) / Stopwatch.GetElapsedTime(arrivals[first], arrivals[last]).TotalSeconds;
    }

    /// <summary>How many posts reached <paramref name="connectionId"/>.</summary>
    public int PostsTo(string connectionId) => _posts.GetValueOrDefault(connectionId);

    /// <summary>Of <paramref name="connectionIds"/>: how many got no post, and how many posts beyond the first reached the others.</summary>
    public (int Lost, long Repeats) Tally(IEnumerable<string> connectionIds)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        var lost = 0;
        var repeats = 0L;
        foreach (var id in connectionIds)
        {
            var posts = PostsTo(id);
            lost += posts == 0 ? 1 : 0;
            repeats += Math.Max(0, posts - 1);
        }

        return (lost, repeats);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task PostAsync(HttpContext context, string id)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstTicks, now, 0);
        _posts.AddOrUpdate(Uri.UnescapeDataString(id), 1, (_, count) => count + 1);
        Interlocked.Increment(ref _total);
        Interlocked.Exchange(ref _lastTicks, now);
        _arrivals.Enqueue(now);
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, context.RequestAborted);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
