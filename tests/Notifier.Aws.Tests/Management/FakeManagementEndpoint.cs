using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Notifier.Aws.Signing;
using Notifier.Testing.Http;

namespace Notifier.Aws.Tests.Management;

/// <summary>A management API stand-in on Kestrel: records every request as received and answers as the test says.</summary>
internal sealed class FakeManagementEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<SigV4Request> _requests = new();
    private readonly ConcurrentDictionary<string, byte> _connections = new();
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

    /// <summary>Writes the answer; by default 200 with an empty body.</summary>
    public Func<HttpContext, Task> Respond { get; set; } = context => Task.CompletedTask;

    public static async Task<FakeManagementEndpoint> StartAsync()
    {
        var fake = new FakeManagementEndpoint();
        fake._server = await LoopbackServer.StartAsync(app => app.Run(fake.HandleAsync));
        return fake;
    }

    /// <summary>Answers <paramref name="status"/>, with <c>x-amzn-ErrorType</c> and a JSON message when a type is given.</summary>
    public void Answer(int status, string? errorType = null) => Respond = async context =>
    {
        context.Response.StatusCode = status;
        if (errorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = errorType;
            await context.Response.WriteAsync("{\"message\":\"from the fake\"}", context.RequestAborted);
        }
    };

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        _connections.TryAdd(context.Connection.Id, 0);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);

        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
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
    }
}
