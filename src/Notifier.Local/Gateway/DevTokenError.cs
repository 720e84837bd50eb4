namespace Notifier.Local.Gateway;

/// <summary>Why <c>POST /_local/token</c> issued no token.</summary>
internal sealed record DevTokenError(string Message);
