using System.Globalization;
using Notifier.FanOut;

// Fan-out of ONE notification to N connections. Suite (a) "loopback": NotificationSender over a ManagementApiClient
// to a stub @connections endpoint on 127.0.0.1, against the sequential loop; unsigned, then SigV4-signed beside the
// original design's loop in Python (boto3's post_to_connection, one at a time). Suite (b)
// "gateway": the same, and the gateway's POST /notifications, to N real WebSocket clients of a local gateway
// process, timed until every client has read the message. --warmup-rounds untimed rounds, then --rounds timed ones.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

var results = new List<CaseResult>();
foreach (var connections in options.Connections)
{
    if (options.Loopback)
    {
        results.AddRange(await LoopbackFanOut.RunAsync(connections, signed: false, options, Console.Out));
        if (options.Signed)
        {
            results.AddRange(await LoopbackFanOut.RunAsync(connections, signed: true, options, Console.Out));
        }
    }
}

foreach (var connections in options.Connections)
{
    if (options.Gateway && options.GatewayDll is { } gatewayDll)
    {
        results.AddRange(await GatewayFanOut.RunAsync(gatewayDll, connections, options, Console.Out));
    }
}

Console.WriteLine();
ResultTable.Print(results, Console.Out);
return 0;
