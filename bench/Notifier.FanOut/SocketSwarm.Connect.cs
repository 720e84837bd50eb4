using System.Net.WebSockets;
using System.Text;

namespace Notifier.FanOut;

internal sealed partial class SocketSwarm
{
    /// <summary>
    /// Opens up to <paramref name="count"/> sockets, <paramref name="parallel"/> handshakes at a time, learns each one's id
    /// and, when <paramref name="topic"/> is given, subscribes it to that topic.
    /// </summary>
    /// <remarks>Stops at the first failure (e.g. out of file descriptors) and keeps the sockets it has.</remarks>
    public static async Task<SocketSwarm> ConnectAsync(Uri url, int count, int parallel, TimeSpan timeout, TextWriter log, string? topic = null)
    {
        var swarm = new SocketSwarm();
        using var failed = new CancellationTokenSource();
        var results = new (ClientWebSocket Client, string Id)?[count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = failed.Token },
                async (i, token) =>
                {
                    try
                    {
                        results[i] = await swarm.ConnectOneAsync(url, timeout, topic, token);
                        if ((i + 1) % 2000 == 0)
                        {
                            log.WriteLine($"  {i + 1} sockets connected");
                        }
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        swarm.ConnectFailure ??= $"socket {i + 1} of {count} failed: {exception.GetType().Name}: {exception.Message}";
                        await failed.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // Connecting stopped at a failure; the sockets opened so far are measured.
        }

        foreach (var result in results)
        {
            if (result is { } connected)
            {
                swarm._clients.Add(connected.Client);
                swarm._connectionIds.Add(connected.Id);
            }
        }

        swarm.StartReading();
        return swarm;
    }

    private async Task<(ClientWebSocket, string)> ConnectOneAsync(Uri url, TimeSpan timeout, string? topic, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await client.ConnectAsync(url, _invoker, deadline.Token);
            var id = ConnectionIdOf(await AskAsync(client, WhoAmI, deadline.Token));
            if (topic is not null)
            {
                var reply = await AskAsync(client, Encoding.UTF8.GetBytes($$"""{"action":"subscribe","topic":"{{topic}}"}"""), deadline.Token);
                if (!Encoding.UTF8.GetString(reply).Contains("\"subscribed\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"subscribe refused: {Encoding.UTF8.GetString(reply)}");
                }
            }

            return (client, id);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message and reads the one reply, before the socket's read loop starts.</summary>
    private static async Task<byte[]> AskAsync(ClientWebSocket client, byte[] message, CancellationToken cancellationToken)
    {
        await client.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        var buffer = new byte[1024];
        var received = 0;
        while (true)
        {
            var result = await client.ReceiveAsync(buffer.AsMemory(received), cancellationToken);
            received += result.Count;
            if (result.EndOfMessage)
            {
                return buffer[..received];
            }
        }
    }
}
