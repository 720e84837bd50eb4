using System.Globalization;
using Notifier.History;
using Notifier.Testing.Dynalite;

// The message history's costs (bench/history/run.sh). (a) The same NotificationSender with and without a
// DynamoDbMessageHistory, sending to a user with CONNECTIONS connections and to a topic of as many subscribers: DynamoDB
// writes per send and time per send, ROUNDS rounds of SENDS sends per case. (b) The time to resume MESSAGES missed
// messages from seq 0, RESUME_ROUNDS rounds: StreamResumer over the DynamoDB and the in-memory history, and the local
// gateway over a real socket when GATEWAY_DLL names Notifier.Local.dll. DynamoDB is dynalite; posts go SigV4-signed to
// a stub on 127.0.0.1 that answers after LATENCY_MS (default 0: at once), a stand-in for the round trip to API Gateway,
// and counts them. Progress goes to stderr, the tables to stdout.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var connections = Setting("CONNECTIONS", 1_000);
var rounds = Setting("ROUNDS", 5);
var sends = Setting("SENDS", 20);
var messages = Setting("MESSAGES", 1_000);
var resumeRounds = Setting("RESUME_ROUNDS", 5);
var gatewayDll = Environment.GetEnvironmentVariable("GATEWAY_DLL");
var log = Console.Error;

var dynalite = new DynaliteServer();
await dynalite.InitializeAsync();
if (!dynalite.IsAvailable)
{
    log.WriteLine("dynalite is missing: run npm ci at the repository root");
    return 1;
}

try
{
    await using var rig = await HistoryRig.StartAsync(dynalite.Endpoint, TimeSpan.FromMilliseconds(Setting("LATENCY_MS", 0)));
    var sendCases = await PublishCost.RunAsync(rig, connections, rounds, sends, log);
    var appendTimes = await AppendTime.RunAsync(rig, rounds, sends, log);
    await using var gateway = string.IsNullOrEmpty(gatewayDll) ? null : await GatewayResume.StartAsync(gatewayDll);
    var resumeCases = await ResumeTime.RunAsync(rig, messages, resumeRounds, gateway, log);
    ResultTables.Write(Console.Out, sendCases, appendTimes, resumeCases, messages);
    return 0;
}
finally
{
    await dynalite.DisposeAsync();
}

static int Setting(string name, int defaultValue) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;
