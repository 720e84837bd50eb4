using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Connections;
using Notifier.Aws.Topics;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Functions.Handlers;
using Notifier.Functions.Hosting;

namespace Notifier.Local.Gateway;

internal sealed partial class LocalGateway
{
    private static void Register(IServiceCollection services, GatewayOptions options, SettingsReader functionSettings, IConnectionStore store)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(store);
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<GatewayCounters>();
        services.AddSingleton<GatewayEvents>();
        services.AddSingleton(provider =>
        {
            var catalog = new FunctionCatalog(functionSettings, provider.GetRequiredService<ILoggerFactory>(), TimeProvider.System, () => store);
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
            logger: provider.GetRequiredService<ILogger<NotificationSender>>()));
        services.AddSingleton<ManagementAuthentication>();
        services.AddSingleton<ManagementApi>();
        services.AddSingleton<PublishApi>();
        services.AddSingleton<Dashboard>();
        services.AddHostedService<ConnectionLifetimeMonitor>();
    }

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

    private static async Task<IConnectionStore> CreateStoreAsync(LocalGatewaySettings settings, CancellationToken cancellationToken)
    {
        if (settings.StoreOverride is { } store)
        {
            return store;
        }

        if (settings.DynamoDbUrl is null)
        {
            return new InMemoryConnectionStore();
        }

        var client = DynamoDbClientFactory.CreateClient(settings.DynamoDbUrl.AbsoluteUri, timeout: TimeSpan.FromSeconds(5));
        await ConnectionTableSetup.EnsureTableAsync(client, settings.TableName, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await ConnectionTableSetup.EnsureTableAsync(client, TopicTableSchema.BuildCreateTableRequest(settings.TopicsTableName), TimeSpan.FromSeconds(30), cancellationToken)
            .ConfigureAwait(false);
        return new DynamoDbConnectionStore(client, settings.TableName, options: new DynamoDbConnectionStoreOptions { TopicsTableName = settings.TopicsTableName });
    }
}
