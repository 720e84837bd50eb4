namespace Notifier.Local.Cli;

/// <summary>The gateway could not start for a reason the user can fix (its port is taken): a message, not a stack trace.</summary>
internal sealed class GatewayStartException(string message) : Exception(message);
