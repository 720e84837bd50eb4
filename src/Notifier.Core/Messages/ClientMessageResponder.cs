using Notifier.Core.History;
using Notifier.Core.Topics;

namespace Notifier.Core.Messages;

/// <summary>Answers the messages a client sends on its socket (API Gateway's <c>$default</c> route).</summary>
/// <remarks>
/// Messages are JSON objects with an <c>action</c>: <c>ping</c> is answered <c>{"type":"pong"}</c>,
/// <c>whoami</c> with the caller's ids, <c>subscribe</c> and <c>unsubscribe</c> (with a <c>topic</c>) with a
/// confirmation, and <c>resume</c> (with <c>streams</c>) with the missed messages and then <c>{"type":"resumed",...}</c>
/// (<see cref="StreamResumer"/>). Anything else, non-JSON included, gets an error frame (<see cref="ClientFrames.Error(string)"/>)
/// rather than silence, so a client can tell what went wrong.
/// </remarks>
public sealed class ClientMessageResponder
{
    private readonly TopicSubscriptions _subscriptions;
    private readonly StreamResumer? _resumer;

    /// <param name="subscriptions">Answers subscribe and unsubscribe.</param>
    /// <param name="resumer">Answers resume; null when there is no history, and a resume is answered with an error.</param>
    public ClientMessageResponder(TopicSubscriptions subscriptions, StreamResumer? resumer = null)
    {
        _subscriptions = subscriptions ?? throw new ArgumentNullException(nameof(subscriptions));
        _resumer = resumer;
    }

    /// <summary>Builds the reply frame for one client message.</summary>
    public async Task<string> RespondAsync(string? body, ClientCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var message = ClientMessage.TryParse(body, out var problem);
        if (message is null)
        {
            return ClientFrames.Error(problem);
        }

        return message switch
        {
            { Action: null } => ClientFrames.Error("message has no string \"action\""),
            { Action: "ping" } => ClientFrames.Pong(),
            { Action: "whoami" } => ClientFrames.WhoAmI(caller.ConnectionId, caller.UserId),
            { Action: TopicSubscriptions.SubscribeAction or TopicSubscriptions.UnsubscribeAction, Topic: null } => ClientFrames.Error(
                message.Action,
                null,
                message.HasNonStringTopic ? "\"topic\" must be a string" : $"{message.Action} needs a \"topic\""),
            { Action: TopicSubscriptions.SubscribeAction, Topic: { } topic } =>
                await _subscriptions.SubscribeAsync(caller, topic, cancellationToken).ConfigureAwait(false),
            { Action: TopicSubscriptions.UnsubscribeAction, Topic: { } topic } =>
                await _subscriptions.UnsubscribeAsync(caller, topic, cancellationToken).ConfigureAwait(false),
            { Action: ClientMessage.ResumeAction } => await ResumeAsync(message, caller, cancellationToken).ConfigureAwait(false),
            _ => ClientFrames.Error($"unknown action \"{ClientMessage.Quote(message.Action ?? string.Empty)}\"; known actions: ping, whoami, subscribe, unsubscribe, resume"),
        };
    }

    private async Task<string> ResumeAsync(ClientMessage message, ClientCaller caller, CancellationToken cancellationToken)
    {
        if (_resumer is null)
        {
            return ClientFrames.Error(ClientMessage.ResumeAction, null, "history is not enabled");
        }

        return message.Streams is { } streams
            ? await _resumer.ResumeAsync(caller, streams, cancellationToken).ConfigureAwait(false)
            : ClientFrames.Error(ClientMessage.ResumeAction, null, message.StreamsProblem ?? "resume needs \"streams\"");
    }
}
