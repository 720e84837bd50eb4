using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;

namespace Notifier.Local.Gateway;

/// <summary>The whole notifier on one machine: API Gateway's WebSocket and management APIs in front of the real handlers.</summary>
internal sealed partial class LocalGateway : IAsyncDisposable
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

    public NotificationSender Sender => _app.Services.GetRequiredService<NotificationSender>();

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
        var store = await CreateStoreAsync(settings, cancellationToken).ConfigureAwait(false);
        var tokens = new DevTokenIssuer(JwtOptions.FromSettings(functionSettings));
        Register(builder.Services, options, functionSettings, store);
        builder.Services.AddSingleton(new DevTokenEndpoint(tokens, settings.IssuesDevTokens));

        var app = builder.Build();
        app.Use(TransportCapturingUpgrade.CaptureAsync);
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
}
