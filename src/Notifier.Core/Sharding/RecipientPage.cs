using Notifier.Core.Connections;

namespace Notifier.Core.Sharding;

/// <summary>Live connections read from a <see cref="RecipientRange"/>, and where the next page starts.</summary>
/// <param name="Connections">At most the number asked for; expired records are left out.</param>
/// <param name="Cursor">An opaque position to read on from, or null when the range has no more.</param>
public sealed record RecipientPage(IReadOnlyList<ConnectionRecord> Connections, string? Cursor);
