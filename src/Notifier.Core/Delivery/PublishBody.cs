using System.Text.Json;

namespace Notifier.Core.Delivery;

/// <summary>A publish request's JSON body as sent; <see cref="PublishRequest.TryParse"/> checks it.</summary>
/// <remarks><see cref="Message"/> is <see cref="JsonValueKind.Undefined"/> when the body has none, and a JSON null when it says <c>null</c>.</remarks>
internal sealed record PublishBody(
    string? UserId,
    IReadOnlyList<string>? UserIds,
    string? ConnectionId,
    string? Topic,
    string? ExcludeConnectionId,
    bool? Broadcast,
    JsonElement Message);
