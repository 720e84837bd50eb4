using Microsoft.Extensions.Logging;
using Notifier.Auth.Authorization;
using Notifier.Auth.Tokens;
using Notifier.Core.Configuration;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.History;
using Notifier.Core.Messages;
using Notifier.Core.Topics;
using Notifier.Aws.Management;
using Notifier.Functions.Handlers;
using Notifier.Functions.Metrics;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Hosting;

/// <summary>The composition root: builds the function <c>_HANDLER</c> names, once per cold start.</summary>
/// <remarks>
/// Only the settings the chosen function needs are read, so the authorizer does not need a table
/// name and the route functions do not need JWT settings. A missing or invalid setting throws
/// <see cref="NotifierConfigurationException"/> naming it, which fails the cold start.
/// </remarks>
internal sealed class FunctionCatalog
{
    public const string HandlerVariable = "_HANDLER";

    public static readonly IReadOnlyList<string> Names = ["authorizer", "connect", "disconnect", "default", "publish"];

    private readonly SettingsReader _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly Func<bool, IConnectionStore> _createStore;
    private readonly Func<IConnectionChannel>? _createChannel;
    private readonly IJsonLineWriter? _metricsOutput;
    /// <summary>Makes the history that publish numbers messages in and default resumes from; none when it returns null.</summary>
    private readonly Func<IMessageHistory?>? _createHistory;

    public FunctionCatalog(
        SettingsReader settings,
        ILoggerFactory loggerFactory,
        TimeProvider? timeProvider = null,
        Func<IConnectionStore>? createStore = null,
        Func<IConnectionChannel>? createChannel = null,
        IJsonLineWriter? metricsOutput = null,
        Func<IMessageHistory?>? createHistory = null)
    {
        _createChannel = createChannel;
        _metricsOutput = metricsOutput;
        _settings = settings;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
        // In Lambda the messages table is required (MessageHistories names it); elsewhere history is on when a table is named.
        _createHistory = createHistory ?? (() => settings.Optional(MessageHistories.TableNameVariable) is null && settings.Optional("AWS_LAMBDA_FUNCTION_NAME") is null
            ? null
            : MessageHistories.FromSettings(settings, _timeProvider, loggerFactory));
        _createStore = createStore is null
            ? needsTopics => ConnectionStores.FromSettings(settings, _timeProvider, loggerFactory, needsTopics)
            : _ => createStore();
    }

    /// <summary>Builds the named function; the name is case-insensitive.</summary>
    public ILambdaFunction Create(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "authorizer" => CreateAuthorizer(),
        "connect" => new ConnectFunction(
            Store(needsTopics: false),
            new ManagementEndpoints(_settings.AbsoluteUri(ManagementEndpoints.OverrideVariable)),
            new SubprotocolSelector(_settings.List(SubprotocolSelector.SupportedVariable)),
            ConnectionCap.FromSettings(_settings),
            _timeProvider,
            _loggerFactory.CreateLogger<ConnectFunction>()),
        "disconnect" => new DisconnectFunction(Store(needsTopics: true), _loggerFactory.CreateLogger<DisconnectFunction>()),
        "default" => CreateDefault(),
        "publish" => CreatePublish(),
        null or "" => throw new NotifierConfigurationException(HandlerVariable, $"is required: name one of {string.Join(", ", Names)}"),
        _ => throw new NotifierConfigurationException(HandlerVariable, $"'{name}' is not a function; use one of {string.Join(", ", Names)}"),
    };

    /// <summary>Builds the function named by <c>_HANDLER</c>.</summary>
    public ILambdaFunction CreateFromHandlerSetting() => Create(_settings.Optional(HandlerVariable));

    private PublishFunction CreatePublish()
    {
        // The store first: a missing table setting is named before the management client looks for credentials.
        var store = Store(needsTopics: true);
        var sender = new NotificationSender(
            store,
            Channel(),
            new DeliveryOptions { PostsPerSecond = PostBudget.FromSettings(_settings) },
            _timeProvider,
            _loggerFactory.CreateLogger<NotificationSender>(),
            history: _createHistory?.Invoke());
        return new PublishFunction(
            sender,
            _loggerFactory.CreateLogger<PublishFunction>(),
            ShardedSenders.FromSettings(_settings, sender, store, _timeProvider, _loggerFactory),
            CreateDeliveryMetrics(),
            _timeProvider);
    }

    /// <summary>Where the publish function records its work: EMF lines on <c>metricsOutput</c>, the log lines' writer; nowhere without one.</summary>
    /// <remarks>Without an output (the <c>invoke</c> command, tests) nothing is written: there stdout is the function's answer.</remarks>
    internal IDeliveryMetrics CreateDeliveryMetrics() => _metricsOutput is null
        ? NoDeliveryMetrics.Instance
        : new EmbeddedMetricsWriter(_metricsOutput, EmbeddedMetricsWriter.ServiceFrom(_settings), _timeProvider);

    private IConnectionStore Store(bool needsTopics) => _createStore(needsTopics);

    private DefaultFunction CreateDefault()
    {
        var store = Store(needsTopics: true);
        var topics = store as ITopicStore
            ?? throw new NotifierConfigurationException(ConnectionStores.TopicsTableNameVariable, "names no store that keeps topics");
        var subscriptions = new TopicSubscriptions(store, topics, logger: _loggerFactory.CreateLogger<TopicSubscriptions>());

        // Without a history a resume is answered "history is not enabled", and the function needs no management client.
        var history = _createHistory?.Invoke();
        var resumer = history is null
            ? null
            : new StreamResumer(store, Channel(), history, logger: _loggerFactory.CreateLogger<StreamResumer>());
        return new DefaultFunction(new ClientMessageResponder(subscriptions, resumer), _timeProvider, _loggerFactory.CreateLogger<DefaultFunction>());
    }

    /// <summary>Where posts go: the <c>createChannel</c> hook's channel, or API Gateway's management API.</summary>
    private IConnectionChannel Channel() => _createChannel?.Invoke() ?? new ManagementApiClient(
        new ManagementApiOptions { Region = _settings.Optional("AWS_REGION") },
        _loggerFactory.CreateLogger<ManagementApiClient>());

    private AuthorizerFunction CreateAuthorizer()
    {
        var tokens = new TokenValidator(JwtOptions.FromSettings(_settings));
        var authorizer = new ConnectionAuthorizer(tokens, OriginPolicy.FromSettings(_settings));
        return new AuthorizerFunction(authorizer, _loggerFactory.CreateLogger<AuthorizerFunction>());
    }
}
