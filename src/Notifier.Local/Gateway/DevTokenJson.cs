namespace Notifier.Local.Gateway;

/// <summary>The answer of <c>POST /_local/token</c>.</summary>
internal sealed record DevTokenJson(string Token, string UserId, IReadOnlyList<string> Topics, long ExpiresInSeconds);
