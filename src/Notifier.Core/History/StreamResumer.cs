using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Connections;
using Notifier.Core.Delivery;
using Notifier.Core.Messages;
using Notifier.Core.Topics;

namespace Notifier.Core.History;

/// <summary>Answers a client's <c>resume</c>: posts it the stored messages it missed on each stream, in order, and answers <c>resumed</c>.</summary>
/// <remarks>
/// <para>
/// Only a <c>notifier.v1</c> connection (<see cref="NotificationEnvelope.Protocol"/>) may resume: the others receive bare
/// messages, with no stream or number to resume from. A connection may resume its own user stream (<c>user:{userId}</c>)
/// and the topics its token allows (<see cref="TopicGrants"/>, as for a subscribe), but never another user's stream, even
/// when a wildcard entry of its topics claim would match the name: that stream holds the messages sent to that user. Each
/// refused stream gets its own error frame naming it (<see cref="ClientFrames.StreamError"/>), posted before any message,
/// and is left out of <c>resumed</c>; the other streams go on.
/// </para>
/// <para>
/// A stream is read in pages of <see cref="PageSize"/> from the given number up to the stream's last number at the first
/// read (messages stored later reach the open connection as they are sent). Every message goes to the caller's own
/// connection as a notification envelope, awaited one after another so they arrive in order, and the <c>resumed</c>
/// frame is the action's reply, which comes after them. One resume sends at most <see cref="MaxMessages"/> messages
/// (default <see cref="DefaultMaxMessages"/>) over all its streams: the stream the bound cuts short, and any after it, are
/// reported with <c>complete:false</c> and <c>last</c> at the last number sent, so a second resume from there goes on.
/// A number beyond the stream's last sends nothing and answers the stream's real last number, not the one given: that is how a
/// client learns where a stream it has not received from yet stands, to resume it from there after a reconnect. (A stream the
/// bound leaves unread keeps the given number, with <c>complete:false</c>; a client asks about one stream per resume.)
/// </para>
/// <para>
/// A message too large for the connection is skipped (it can never be posted) and makes its stream incomplete. Any other
/// failed post, a failing store or history, or the deadline ends the resume with an error frame instead of <c>resumed</c>:
/// the messages already posted arrived, and the client resumes again from the last numbers it received.
/// </para>
/// </remarks>
public sealed class StreamResumer
{
    /// <summary>The default bound on the messages one resume sends.</summary>
    public const int DefaultMaxMessages = 10_000;

    /// <summary>How many messages are read from the history at a time.</summary>
    public const int PageSize = 100;

    private readonly IConnectionStore _connections;
    private readonly IConnectionChannel _channel;
    private readonly IMessageHistory _history;
    private readonly ILogger _logger;

    public StreamResumer(
        IConnectionStore connections,
        IConnectionChannel channel,
        IMessageHistory history,
        int maxMessages = DefaultMaxMessages,
        ILogger<StreamResumer>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        _connections = connections ?? throw new ArgumentNullException(nameof(connections));
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _history = history ?? throw new ArgumentNullException(nameof(history));
        MaxMessages = maxMessages;
        _logger = logger ?? NullLogger<StreamResumer>.Instance;
    }

    /// <summary>The most messages one resume sends, over all its streams.</summary>
    public int MaxMessages { get; }

    /// <summary>Posts the caller the messages after each position, then answers the <c>resumed</c> frame (or an error frame).</summary>
    public async Task<string> ResumeAsync(ClientCaller caller, IReadOnlyList<StreamPosition> streams, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(streams);
        var sent = 0;
        try
        {
            var connection = await _connections.GetAsync(caller.ConnectionId, cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                return Error("this connection is not recorded (it has expired or was removed); reconnect");
            }

            if (!string.Equals(connection.Protocol, NotificationEnvelope.Protocol, StringComparison.Ordinal))
            {
                return Error($"resume needs the {NotificationEnvelope.Protocol} subprotocol");
            }

            var allowed = new List<StreamPosition>(streams.Count);
            foreach (var position in streams)
            {
                if (Refusal(caller, position.Stream) is not { } refusal)
                {
                    allowed.Add(position);
                    continue;
                }

                var frame = ClientFrames.StreamError(QuoteStream(position.Stream), refusal);
                var refused = await _channel.PostAsync(connection, Encoding.UTF8.GetBytes(frame), cancellationToken).ConfigureAwait(false);
                if (refused.Status != ManagementCallStatus.Succeeded)
                {
                    return Stopped(caller.ConnectionId, sent, refused);
                }
            }

            var resumed = new List<ResumedStream>(allowed.Count);
            foreach (var position in allowed)
            {
                var outcome = await ResumeStreamAsync(connection, position, MaxMessages - sent, cancellationToken).ConfigureAwait(false);
                sent += outcome.Sent;
                if (outcome.Failure is { } failure)
                {
                    return Stopped(caller.ConnectionId, sent, failure);
                }

                resumed.Add(outcome.Stream);
            }

            ResumeLog.Resumed(_logger, caller.ConnectionId, resumed.Count, streams.Count - allowed.Count, sent);
            return ClientFrames.Resumed(resumed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ResumeLog.OutOfTime(_logger, caller.ConnectionId, sent);
            return Error($"resume stopped after {sent} notifications: it ran out of time; resume again from the last seq received");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ResumeLog.Failed(_logger, exception, caller.ConnectionId, sent);
            return Error($"resume stopped after {sent} notifications: the history or the connection store is unavailable; resume again from the last seq received");
        }
    }

    /// <summary>Posts one stream's messages after <paramref name="position"/>, at most <paramref name="budget"/> of them.</summary>
    private async Task<StreamOutcome> ResumeStreamAsync(ConnectionRecord connection, StreamPosition position, int budget, CancellationToken cancellationToken)
    {
        if (budget <= 0)
        {
            return new StreamOutcome(new ResumedStream(position.Stream, position.After, Complete: false), 0, null);
        }

        var page = await _history.ReadAsync(position.Stream, position.After, Math.Min(PageSize, budget), cancellationToken).ConfigureAwait(false);
        var upTo = page.Last;
        var cursor = position.After;
        var complete = true;
        var sent = 0;
        while (true)
        {
            complete &= page.Complete;
            var progressed = false;
            foreach (var message in page.Messages)
            {
                if (message.Seq > upTo)
                {
                    break;
                }

                var envelope = NotificationEnvelope.Write(message.Id, position.Stream, message.Seq, message.Message);
                var result = await _channel.PostAsync(connection, envelope, cancellationToken).ConfigureAwait(false);
                if (result.Status == ManagementCallStatus.PayloadTooLarge)
                {
                    // Posting it again can never succeed; stopping here would stop every later resume at the same message.
                    ResumeLog.Skipped(_logger, connection.ConnectionId, position.Stream, message.Seq);
                    complete = false;
                }
                else if (result.Status != ManagementCallStatus.Succeeded)
                {
                    return new StreamOutcome(new ResumedStream(position.Stream, cursor, Complete: false), sent, result);
                }

                cursor = message.Seq;
                progressed = true;
                sent++;
            }

            if (!progressed || cursor >= upTo)
            {
                break;
            }

            if (sent >= budget)
            {
                return new StreamOutcome(new ResumedStream(position.Stream, cursor, Complete: false), sent, null);
            }

            page = await _history.ReadAsync(position.Stream, cursor, Math.Min(PageSize, budget - sent), cancellationToken).ConfigureAwait(false);
        }

        return new StreamOutcome(new ResumedStream(position.Stream, upTo, complete), sent, null);
    }

    /// <summary>Why <paramref name="stream"/> may not be resumed by the caller, or null when it may.</summary>
    private static string? Refusal(ClientCaller caller, string stream)
    {
        if (string.Equals(stream, StreamName.ForUser(caller.UserId), StringComparison.Ordinal))
        {
            return null;
        }

        if (TopicName.Problem(stream) is { } problem)
        {
            return problem;
        }

        if (stream.StartsWith(TopicName.UserTopicPrefix, StringComparison.Ordinal))
        {
            return "another user's stream cannot be resumed; resume your own, " + TopicName.UserTopicPrefix + "{your user id}";
        }

        return caller.Grants.Allows(stream, caller.UserId) ? null : "stream is not allowed by the token's topics claim";
    }

    /// <summary>The stream as the error names it: whole when it could be a name, so a client can match it; shortened otherwise.</summary>
    private static string QuoteStream(string stream) =>
        stream.Length <= TopicName.MaximumLength ? stream : ClientMessage.Quote(stream);

    private string Stopped(string connectionId, int sent, PostResult failure)
    {
        ResumeLog.PostFailed(_logger, connectionId, failure.Status, sent);
        return Error($"resume stopped after {sent} notifications: a frame could not be posted to this connection ({failure.Detail ?? failure.Status.ToString()}); resume again from the last seq received");
    }

    private static string Error(string message) => ClientFrames.Error(ClientMessage.ResumeAction, null, message);

    /// <summary>One stream's result, how many messages went out for it, and the failed post that ended the resume, if one did.</summary>
    private sealed record StreamOutcome(ResumedStream Stream, int Sent, PostResult? Failure);
}
