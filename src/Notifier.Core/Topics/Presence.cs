namespace Notifier.Core.Topics;

/// <summary>Whether a user has open connections, and how many.</summary>
public sealed record Presence(string UserId, bool Online, int Connections);
