using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifier.Auth.Tokens;
using Notifier.Aws.Connections;
using Notifier.Aws.History;
using Notifier.Aws.Topics;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Sharding;
using Notifier.Functions.Handlers;
using Notifier.Functions.Hosting;
using Notifier.Local.Monitoring;

namespace Notifier.Local.Gateway;

/// <summary>The whole notifier on one machine: API Gateway's WebSocket and management APIs in front of the real handlers.</summary>
internal sealed class LocalGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalGateway(WebApplication app, GatewayOptions options, IConnectionStore store, DevTokenIssuer tokens)
    {
        _app = app;
        Options = options;
        Store = store;
        Tokens = tokens;
        BaseAddress = new Uri($"http://{options.Host}:{options.Port}/");
    }

    public GatewayOptions Options { get; }

    public IConnectionStore Store { get; }

    public DevTokenIssuer Tokens { get; }

    public Uri BaseAddress { get; }

    public Uri WebSocketUrl => new($"ws://{Options.Host}:{Options.Port}/{Options.Stage}");

    public Uri ManagementEndpoint => new($"http://{Options.Host}:{Options.Port}/{Options.Stage}");

    public ConnectionRegistry Connections => _app.Services.GetRequiredService<ConnectionRegistry>();

    public GatewayCounters Counters => _app.Services.GetRequiredService<GatewayCounters>();

    /// <summary>Where publish work is recorded: the counters the dashboard shows.</summary>
    public IDeliveryMetrics DeliveryMetrics => _app.Services.GetRequiredService<IDeliveryMetrics>();

    /// <summary>The dashboard's live feed (<c>GET /_local/events</c>).</summary>
    public DashboardFeed Feed => _app.Services.GetRequiredService<DashboardFeed>();

    /// <summary>The streams' stored messages, which resumes and <c>GET .../messages</c> read.</summary>
    public IMessageHistory History => _app.Services.GetRequiredService<IMessageHistory>();

    public static async Task<LocalGateway> StartAsync(
        GatewayOptions options,
        LocalGatewaySettings settings,
        Action<ILoggingBuilder>? configureLogging = null,
        CancellationToken cancellationToken = default)
    {
        if (options.Port == 0)
        {
            options = options with { Port = FreePort() };
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.RequestHeadersTimeout = options.HandshakeTimeout;
            kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxHeaderBytes;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Logging.ClearProviders();
        (configureLogging ?? DefaultLogging)(builder.Logging);

        // The authorizer's reasons for refusing handshakes, for the dashboard's feed, whatever the log level.
        builder.Services.AddSingleton<AuthorizerReasons>();
        builder.Services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<AuthorizerReasons>());
        builder.Logging.AddFilter<AuthorizerReasons>(AuthorizerReasons.Category, LogLevel.Information);

        // ASP.NET Core's request logging prints the URL with its query string, which carries the token.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Hosting's request diagnostics start an Activity and a log scope for every request while their category is enabled
        // at all, and a WebSocket's request lives as long as its socket: memory per connection for lines (request start and
        // finish, at Information) that are filtered out anyway. A failed start still surfaces as the exception StartAsync throws.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        var functionSettings = new SettingsReader(name => name switch
        {
            "NOTIFIER_JWT_SECRET" => settings.JwtSecret,
            "NOTIFIER_MANAGEMENT_ENDPOINT" => $"http://{options.Host}:{options.Port}/{options.Stage}",
            _ => settings.Environment(name),
        });
        var (store, dynamoDb) = await CreateStoreAsync(settings, cancellationToken).ConfigureAwait(false);
        var tokens = new DevTokenIssuer(JwtOptions.FromSettings(functionSettings));
        Register(builder.Services, options, functionSettings, store, dynamoDb is null ? null : (dynamoDb, settings.MessagesTableName));
        builder.Services.AddSingleton(new DevTokenEndpoint(tokens, settings.IssuesDevTokens));

        var app = builder.Build();
        app.Use(TransportCapturingUpgrade.CaptureAsync);
        app.Use(ActivatorUtilities.CreateInstance<UnreadableBodies>(app.Services).InvokeAsync);
        app.Use(ActivatorUtilities.CreateInstance<BackendGuard>(app.Services).InvokeAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        MapEndpoints(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new LocalGateway(app, options, store, tokens);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs until Ctrl+C or SIGTERM, then closes every connection (each gets its <c>$disconnect</c>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    private static void DefaultLogging(ILoggingBuilder logging)
    {
        // Registered by factory, so that the host disposes it and the last lines of a shutdown are written.
        logging.Services.AddSingleton<ILoggerProvider>(_ => new BatchedConsoleLoggerProvider(
            new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)), TimeSpan.FromMilliseconds(100)));
        logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Register(
        IServiceCollection services,
        GatewayOptions options,
        SettingsReader functionSettings,
        IConnectionStore store,
        (IAmazonDynamoDB Client, string TableName)? messagesTable)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(store);
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<GatewayCounters>();
        services.AddSingleton<IDeliveryMetrics, LocalDeliveryMetrics>();
        services.AddSingleton<DashboardFeed>();
        services.AddSingleton<MetricsHistory>();
        services.AddSingleton<RecentPublishes>();
        services.AddHostedService<MetricsTicker>();
        services.AddSingleton<GatewayEvents>();
        // One history for the whole gateway, so that every send and every resume reads the same streams.
        services.AddSingleton(HistoryOptions.FromSettings(functionSettings));
        services.AddSingleton<IMessageHistory>(provider => messagesTable is (var client, var tableName)
            ? new DynamoDbMessageHistory(
                client,
                tableName,
                provider.GetRequiredService<HistoryOptions>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<DynamoDbMessageHistory>>())
            : new InMemoryMessageHistory(provider.GetRequiredService<HistoryOptions>(), provider.GetRequiredService<TimeProvider>()));
        // The dashboard lists the streams: the in-memory history lists its own, a messages table is scanned.
        services.AddSingleton<IStreamListing>(provider => messagesTable is (var listedClient, var listedTable)
            ? new DynamoDbStreamListing(listedClient, listedTable, provider.GetRequiredService<TimeProvider>())
            : (IStreamListing)provider.GetRequiredService<IMessageHistory>());
        services.AddSingleton(provider =>
        {
            var catalog = new FunctionCatalog(
                functionSettings,
                provider.GetRequiredService<ILoggerFactory>(),
                TimeProvider.System,
                () => store,
                createChannel: () => provider.GetRequiredService<LocalChannel>(),
                createHistory: () => provider.GetRequiredService<IMessageHistory>());
            return new GatewayFunctions(
                catalog.Create("authorizer"),
                (WebSocketRouteFunction)catalog.Create("connect"),
                (WebSocketRouteFunction)catalog.Create("disconnect"),
                (WebSocketRouteFunction)catalog.Create("default"));
        });
        services.AddSingleton<WebSocketHandshake>();
        services.AddSingleton(provider => new LocalChannel(provider.GetRequiredService<ConnectionRegistry>(), options.MaxMessageBytes));
        services.AddSingleton(provider => new NotificationSender(
            store,
            provider.GetRequiredService<LocalChannel>(),
            logger: provider.GetRequiredService<ILogger<NotificationSender>>(),
            history: provider.GetRequiredService<IMessageHistory>()));
        services.AddSingleton<ManagementAuthentication>();
        services.AddSingleton<ManagementApi>();
        services.AddSingleton<InMemorySendLedger>();
        services.AddSingleton<LocalShardQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<LocalShardQueue>());
        services.AddSingleton(provider => new PublishFunction(
            provider.GetRequiredService<NotificationSender>(),
            provider.GetRequiredService<ILogger<PublishFunction>>(),
            CreateShardedSender(provider, store, functionSettings),
            provider.GetService<IDeliveryMetrics>(),
            TimeProvider.System,
            provider.GetRequiredService<IMessageHistory>()));
        services.AddSingleton<PublishApi>();
        services.AddSingleton<Dashboard>();
        services.AddHostedService<ConnectionLifetimeMonitor>();
    }

    /// <summary>Large sends are split as on AWS, their shards run from the in-process queue; null when the store cannot be read in pages.</summary>
    private static ShardedSender? CreateShardedSender(IServiceProvider provider, IConnectionStore store, SettingsReader functionSettings) =>
        store is IRecipientPages pages
            ? new ShardedSender(
                provider.GetRequiredService<NotificationSender>(),
                pages,
                provider.GetRequiredService<InMemorySendLedger>(),
                provider.GetRequiredService<LocalShardQueue>(),
                ShardingOptions.FromSettings(functionSettings),
                provider.GetRequiredService<ILogger<ShardedSender>>())
            : null;

    private static void MapEndpoints(WebApplication app)
    {
        var options = app.Services.GetRequiredService<GatewayOptions>();
        // Build the functions now, so a configuration error stops the start instead of the first handshake.
        _ = app.Services.GetRequiredService<GatewayFunctions>();
        var handshake = app.Services.GetRequiredService<WebSocketHandshake>();
        app.Map("/" + options.Stage, handshake.HandleAsync);
        app.Services.GetRequiredService<ManagementApi>().Map(app);
        app.Services.GetRequiredService<PublishApi>().Map(app);
        app.Services.GetRequiredService<Dashboard>().Map(app);
        app.Services.GetRequiredService<DevTokenEndpoint>().Map(app);
    }

    /// <summary>The connection store, and the DynamoDB client when the gateway runs on DynamoDB (its tables, the messages table too, created if missing).</summary>
    private static async Task<(IConnectionStore Store, IAmazonDynamoDB? DynamoDb)> CreateStoreAsync(LocalGatewaySettings settings, CancellationToken cancellationToken)
    {
        if (settings.StoreOverride is { } store)
        {
            return (store, null);
        }

        if (settings.DynamoDbUrl is null)
        {
            return (new InMemoryConnectionStore(), null);
        }

        var client = DynamoDbClientFactory.CreateClient(settings.DynamoDbUrl.AbsoluteUri, timeout: TimeSpan.FromSeconds(5));
        await ConnectionTableSetup.EnsureTableAsync(client, settings.TableName, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await ConnectionTableSetup.EnsureTableAsync(client, TopicTableSchema.BuildCreateTableRequest(settings.TopicsTableName), TimeSpan.FromSeconds(30), cancellationToken)
            .ConfigureAwait(false);
        // Expired messages are left out on read by the history itself; the table needs no TTL setting for that.
        await ConnectionTableSetup.EnsureTableAsync(client, MessageTableSchema.BuildCreateTableRequest(settings.MessagesTableName), TimeSpan.FromSeconds(30), cancellationToken)
            .ConfigureAwait(false);
        return (new DynamoDbConnectionStore(client, settings.TableName, options: new DynamoDbConnectionStoreOptions { TopicsTableName = settings.TopicsTableName }), client);
    }
}
