using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Notifier.Auth.Authorization;

namespace Notifier.Local.Monitoring;

/// <summary>The reasons the authorizer gave for refusing handshakes, read from its log line, until the handshake takes its own.</summary>
/// <remarks>
/// The authorizer answers API Gateway with a policy or <c>Unauthorized</c> only, as on AWS; its reason (a fixed phrase
/// that never quotes the token, <see cref="AuthorizationDecision.Reason"/>) is in the line it logs with the connection id.
/// This provider keeps that reason for the handshake to show, so the function stays exactly as Lambda runs it. At most
/// <see cref="Capacity"/> reasons wait; a handshake takes its reason right after the authorizer answers.
/// </remarks>
internal sealed class AuthorizerReasons : ILoggerProvider
{
    public const string Category = "Notifier.Functions.Handlers.AuthorizerFunction";

    /// <summary>The authorizer's "Authorizer {Outcome} for connection {ConnectionId}: {Reason}" line.</summary>
    public const int DecidedEventId = 1001;

    private const int Capacity = 1_000;

    private readonly ConcurrentDictionary<string, string> _reasons = new(StringComparer.Ordinal);

    /// <summary>The reason the authorizer refused <paramref name="connectionId"/> with, removed as it is read; null when none was logged.</summary>
    public string? Take(string connectionId) => _reasons.TryRemove(connectionId, out var reason) ? reason : null;

    public ILogger CreateLogger(string categoryName) =>
        string.Equals(categoryName, Category, StringComparison.Ordinal) ? new ReasonLogger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private void Keep(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        string? connectionId = null;
        string? reason = null;
        var refused = false;
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "ConnectionId":
                    connectionId = value as string;
                    break;
                case "Reason":
                    reason = value as string;
                    break;
                case "Outcome":
                    refused = value is AuthorizationDecision.Kind kind && kind != AuthorizationDecision.Kind.Allow;
                    break;
            }
        }

        if (!refused || connectionId is null || reason is null)
        {
            return;
        }

        if (_reasons.Count >= Capacity)
        {
            _reasons.Clear();
        }

        _reasons[connectionId] = reason;
    }

    /// <summary>Reads the authorizer's decision lines, whatever the gateway's log level.</summary>
    private sealed class ReasonLogger(AuthorizerReasons owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == DecidedEventId && state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                owner.Keep(values);
            }
        }
    }
}
