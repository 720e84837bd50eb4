using Notifier.Core.Delivery;

namespace Notifier.Functions.Handlers;

/// <summary>Picks the one subprotocol <c>$connect</c> echoes in <c>Sec-WebSocket-Protocol</c>.</summary>
/// <remarks>
/// A browser that asked for subprotocols drops the connection unless the server picks one of them.
/// <c>notifier.v1</c> (<see cref="NotificationEnvelope.Protocol"/>) is always accepted and, when the client offers it,
/// chosen whatever else it offers: the connection then receives envelopes and may resume. Otherwise, with a configured
/// list (<c>NOTIFIER_SUBPROTOCOLS</c>), the first requested one in the list is chosen and none when nothing matches;
/// without a list, the client's first choice is echoed.
/// </remarks>
internal sealed class SubprotocolSelector
{
    public const string SupportedVariable = "NOTIFIER_SUBPROTOCOLS";

    private readonly IReadOnlyList<string> _supported;

    public SubprotocolSelector(IReadOnlyList<string> supported)
    {
        _supported = supported;
    }

    public string? Choose(string? requestedHeader)
    {
        if (string.IsNullOrWhiteSpace(requestedHeader))
        {
            return null;
        }

        var requested = requestedHeader.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.Contains(NotificationEnvelope.Protocol, StringComparer.Ordinal))
        {
            return NotificationEnvelope.Protocol;
        }

        return _supported.Count == 0
            ? requested.FirstOrDefault()
            : requested.FirstOrDefault(protocol => _supported.Contains(protocol, StringComparer.Ordinal));
    }
}
