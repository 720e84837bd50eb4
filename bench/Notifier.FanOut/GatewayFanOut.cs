using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Notifier.Auth.Tokens;
using Notifier.Aws.Management;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.FanOut;

/// <summary>
/// Suite (b): one notification to N real WebSocket clients of the local gateway, timed from the send
/// until the last client has read it: the sequential loop and <see cref="NotificationSender"/> over the
/// gateway's management API, and the gateway's own <c>POST /notifications</c> to the user and to a topic
/// all N sockets subscribed to (through <c>$default</c>, allowed by the token's topics claim).
/// </summary>
internal static class GatewayFanOut
{
    private const string User = FanOutSends.User;
    private const string Topic = "bench/fanout";

    public static async Task<IReadOnlyList<CaseResult>> RunAsync(string gatewayDll, int connections, BenchOptions options, TextWriter log)
    {
        await using var gateway = await GatewayProcess.StartAsync(gatewayDll, TimeSpan.FromSeconds(60));
        var token = new DevTokenIssuer(JwtOptions.FromSettings(new SettingsReader(name => name == JwtOptions.SecretVariable ? gateway.Secret : null)))
            .Issue(User, TimeSpan.FromHours(2), new Dictionary<string, object> { ["topics"] = new[] { "bench/*" } });
        var url = new Uri($"{gateway.WebSocketUrl}?token={Uri.EscapeDataString(token)}");
        var connecting = Stopwatch.GetTimestamp();
        await using var swarm = await SocketSwarm.ConnectAsync(url, connections, parallel: 32, TimeSpan.FromSeconds(30), log, Topic);
        log.WriteLine($"gateway {connections}: {swarm.Count} sockets connected and subscribed to {Topic} in {Stopwatch.GetElapsedTime(connecting).TotalSeconds:0.0} s{(swarm.ConnectFailure is null ? "" : "; " + swarm.ConnectFailure)}");
        if (swarm.Count == 0)
        {
            throw new InvalidOperationException($"no socket connected: {swarm.ConnectFailure}");
        }

        var n = swarm.Count;
        var store = new InMemoryConnectionStore();
        var now = DateTimeOffset.UtcNow;
        foreach (var id in swarm.ConnectionIds)
        {
            await store.AddAsync(new ConnectionRecord(id, User, gateway.ManagementEndpoint, now, now.AddHours(2), "127.0.0.1"));
        }

        var records = await store.ListByUserAsync(User);
        using var client = new ManagementApiClient(new ManagementApiOptions { Signing = ManagementApiSigning.None });
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = options.RoundTimeout };
        var message = NotificationMessage.Parse("""{"type":"bench","text":"fan-out"}""");
        var publishBody = Encoding.UTF8.GetBytes($$"""{"userId":"{{User}}","message":{{message}}}""");
        var topicBody = Encoding.UTF8.GetBytes($$"""{"topic":"{{Topic}}","message":{{message}}}""");
        var cases = new List<(string Name, bool Baseline, Func<Task<int>> Run)>
        {
            ("sequential loop over the management API", true, () => FanOutSends.SequentialAsync(client, records, message)),
            ($"NotificationSender over the management API (MaxConcurrency {new DeliveryOptions().MaxConcurrency}, default)", false, () => FanOutSends.SendToUserAsync(new NotificationSender(store, client), message)),
            ("gateway POST /notifications (in-gateway sender, default options)", false, () => PublishAsync(http, publishBody)),
            ($"gateway POST /notifications to a topic of {swarm.Count:N0} subscribers (in-gateway sender, default options)", false, () => PublishAsync(http, topicBody)),
        };
        foreach (var concurrency in options.ExtraConcurrency)
        {
            var sender = new NotificationSender(store, client, new DeliveryOptions { MaxConcurrency = concurrency });
            cases.Add(($"NotificationSender over the management API (MaxConcurrency {concurrency})", false, () => FanOutSends.SendToUserAsync(sender, message)));
        }

        var times = cases.Select(_ => new List<double>()).ToArray();
        var returned = cases.Select(_ => new List<double>()).ToArray();
        var expectedPerClient = 0;
        for (var round = 1 - options.WarmupRounds; round <= options.Rounds; round++)
        {
            for (var c = 0; c < cases.Count; c++)
            {
                var allReceived = swarm.Arm(n);
                var started = Stopwatch.GetTimestamp();
                var delivered = await cases[c].Run().WaitAsync(options.RoundTimeout);
                var returnedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var last = await allReceived.WaitAsync(options.RoundTimeout);
                var elapsed = Stopwatch.GetElapsedTime(started, last).TotalMilliseconds;
                expectedPerClient++;
                var (min, max) = swarm.PerClientRange();
                if (delivered != n || min != expectedPerClient || max != expectedPerClient)
                {
                    throw new InvalidOperationException($"{cases[c].Name}: {delivered} of {n} reported delivered; clients hold {min} to {max} messages, {expectedPerClient} expected");
                }

                if (round > 0)
                {
                    times[c].Add(elapsed);
                    returned[c].Add(returnedMs);
                }

                log.WriteLine($"gateway {n}: {(round <= 0 ? "warm-up" : $"round {round}")} {cases[c].Name}: all received {elapsed:0} ms, call returned {returnedMs:0} ms");
            }
        }

        var shortfall = n < connections ? $"only {n} of {connections} sockets connected ({swarm.ConnectFailure}); " : "";
        return [.. cases.Select((c, i) => new CaseResult(
            "gateway", n, c.Name, times[i], c.Baseline ? CaseRole.SequentialLoop : CaseRole.Measured,
            $"{shortfall}the send call returned after a median {CaseResult.Median(returned[i]):0} ms"))];
    }

    private static async Task<int> PublishAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync("notifications", content);
        response.EnsureSuccessStatusCode();
        using var report = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return report.RootElement.GetProperty("counts").GetProperty("delivered").GetInt32();
    }
}
