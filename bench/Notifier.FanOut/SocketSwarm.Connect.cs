using System.Net.WebSockets;

namespace Notifier.FanOut;

internal sealed partial class SocketSwarm
{
    /// <summary>Opens up to <paramref name="count"/> sockets, <paramref name="parallel"/> handshakes at a time, and learns each one's id.</summary>
    /// <remarks>Stops at the first failure (e.g. out of file descriptors) and keeps the sockets it has.</remarks>
    public static async Task<SocketSwarm> ConnectAsync(Uri url, int count, int parallel, TimeSpan timeout, TextWriter log)
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
                        results[i] = await swarm.ConnectOneAsync(url, timeout, token);
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

    private async Task<(ClientWebSocket, string)> ConnectOneAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await client.ConnectAsync(url, _invoker, deadline.Token);
            await client.SendAsync(WhoAmI, WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
            var buffer = new byte[1024];
            var received = 0;
            while (true)
            {
                var result = await client.ReceiveAsync(buffer.AsMemory(received), deadline.Token);
                received += result.Count;
                if (result.EndOfMessage)
                {
                    return (client, ConnectionIdOf(buffer.AsSpan(0, received)));
                }
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
