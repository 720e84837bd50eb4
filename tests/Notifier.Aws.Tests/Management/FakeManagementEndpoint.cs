using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Notifier.Local.Signing;
using Notifier.Testing.Http;

namespace Notifier.Aws.Tests.Management;

/// <summary>A management API stand-in on Kestrel: records every request as received and answers as the test says.</summary>
internal sealed class FakeManagementEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<SigV4Request> _requests = new();
    private readonly ConcurrentDictionary<string, byte> _connections = new();
    private readonly ConcurrentQueue<FakePost> _posts = new();
    private LoopbackServer? _server;

    private FakeManagementEndpoint()
    {
    }

    /// <summary>The management base URL, <c>http://127.0.0.1:{port}/local</c>.</summary>
    public string Endpoint => new Uri(_server!.BaseAddress, "local").AbsoluteUri;

    /// <summary>Every request, with its raw path and query, all header lines and the body.</summary>
    public IReadOnlyList<SigV4Request> Requests => [.. _requests];

    /// <summary>How many TCP connections the requests arrived on.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Every POST to <c>@connections</c>, in arrival order, with the status it was answered (0 when the caller gave up first).</summary>
    public IReadOnlyList<FakePost> Posts => [.. _posts];

    /// <summary>Writes the answer; by default 200 with an empty body.</summary>
    public Func<HttpContext, Task> Respond { get; set; } = context => Task.CompletedTask;

    public static async Task<FakeManagementEndpoint> StartAsync()
    {
        var fake = new FakeManagementEndpoint();
        fake._server = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    /// <summary>Answers <paramref name="status"/>, with <c>x-amzn-ErrorType</c> and a JSON message when a type is given.</summary>
    public void Answer(int status, string? errorType = null) => Respond = context => WriteAsync(context, status, errorType);

    /// <summary>
    /// Answers each connection from its script, one answer per request in order, the last one repeated;
    /// a connection without a script gets 200. Answers to POSTs are recorded in <see cref="Posts"/>.
    /// </summary>
    public void AnswerByConnection(IReadOnlyDictionary<string, FakeAnswer[]> scripts)
    {
        var counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Respond = async context =>
        {
            var connectionId = ManagementPaths.ConnectionIdOf(RawTarget(context));
            var answer = FakeAnswer.Ok;
            if (scripts.TryGetValue(connectionId, out var script) && script.Length > 0)
            {
                var index = counts.AddOrUpdate(connectionId, 0, (_, n) => n + 1);
                answer = script[Math.Min(index, script.Length - 1)];
            }

            await WriteAsync(context, answer);
        };
    }

    /// <summary>The bodies POSTed to <paramref name="connectionId"/>, in arrival order.</summary>
    public IReadOnlyList<string> BodiesPostedTo(string connectionId) =>
        Posts.Where(post => post.ConnectionId == connectionId).Select(post => post.Body).ToList();

    /// <summary>Writes <paramref name="answer"/> after its delay; a caller that gives up first is recorded with status 0.</summary>
    public static async Task WriteAsync(HttpContext context, FakeAnswer answer)
    {
        try
        {
            await Task.Delay(answer.Delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await WriteAsync(context, answer.Status, answer.ErrorType);
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        _connections.TryAdd(context.Connection.Id, 0);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);

        var target = RawTarget(context);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var headers = context.Request.Headers
            .SelectMany(header => header.Value.Select(value => new KeyValuePair<string, string>(header.Key, value ?? "")))
            .ToList();
        _requests.Enqueue(new SigV4Request(
            context.Request.Method,
            question < 0 ? target : target[..question],
            question < 0 ? "" : target[(question + 1)..],
            headers,
            body.ToArray()));

        await Respond(context);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var status = context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode;
            _posts.Enqueue(new FakePost(ManagementPaths.ConnectionIdOf(target), Encoding.UTF8.GetString(body.ToArray()), status));
        }
    }

    private static string RawTarget(HttpContext context) => context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;

    private static async Task WriteAsync(HttpContext context, int status, string? errorType)
    {
        context.Response.StatusCode = status;
        if (errorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = errorType;
            await context.Response.WriteAsync("{\"message\":\"from the fake\"}", context.RequestAborted);
        }
    }
}
