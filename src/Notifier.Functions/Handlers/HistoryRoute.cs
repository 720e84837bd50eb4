using System.Collections.Specialized;
using System.Globalization;
using System.Web;
using Microsoft.Extensions.Logging;
using Notifier.Aws.Events;
using Notifier.Core;
using Notifier.Core.Delivery;
using Notifier.Core.History;

namespace Notifier.Functions.Handlers;

/// <summary><c>GET /users/{userId}/messages</c> and <c>GET /topics/{topic}/messages</c>: a stream's stored messages, for backends.</summary>
/// <remarks>
/// <para>
/// The query takes <c>after</c> (default 0: the messages numbered above it) and <c>limit</c> (default 100, 1 to 1000;
/// <see cref="HistoryLimits"/>); other parameters are ignored. The answer is
/// <c>{"stream":"user:alice","last":47,"complete":true,"messages":[{"seq":42,"id":"...","message":...}]}</c> with each
/// message as published; <c>complete</c> is false when messages after <c>after</c> have expired (see
/// <see cref="IMessageHistory.ReadAsync"/>). A bad parameter is 400 with the reason, a function without a history 404,
/// and a failing history 503.
/// </para>
/// <para>
/// Lambda's answer is at most 6 MB, and a page of large messages would be more, so the messages stop before
/// <see cref="MaxMessageBytes"/> (at least one is always given): fewer messages than <c>limit</c> does not mean the
/// stream's end. Callers page on with <c>after</c> set to the last <c>seq</c> received until it reaches <c>last</c>.
/// </para>
/// </remarks>
internal static class HistoryRoute
{
    public const string MessagesSuffix = "/messages";

    /// <summary>The most message bytes one answer carries, leaving room under Lambda's 6 MB for the rest of the answer.</summary>
    public const int MaxMessageBytes = 5 * 1024 * 1024;

    /// <summary>Answers a history query for <paramref name="stream"/> (a valid stream name) with the query string's parameters.</summary>
    public static async Task<HttpApiResponse> AnswerAsync(
        IMessageHistory? history, string stream, string? rawQueryString, ILogger logger, CancellationToken cancellationToken)
    {
        if (history is null)
        {
            return HttpApiResponse.Json(404, ErrorBody.For("history is not enabled"));
        }

        var query = HttpUtility.ParseQueryString(rawQueryString ?? string.Empty);
        if (!TryRead(query, "after", 0, 0, long.MaxValue, out var after, out var problem)
            || !TryRead(query, "limit", HistoryLimits.DefaultLimit, 1, HistoryLimits.MaxLimit, out var limit, out problem))
        {
            return HttpApiResponse.Json(400, ErrorBody.For(problem));
        }

        HistoryPage page;
        try
        {
            page = await history.ReadAsync(stream, after, (int)limit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PublishLog.StoreUnavailable(logger, exception, "a history query");
            return HttpApiResponse.Json(503, ErrorBody.For("the history is unavailable; try again"));
        }

        return HttpApiResponse.Json(200, Write(stream, page, MaxMessageBytes));
    }

    /// <summary>The page's JSON, each message written as it was published, stopping before <paramref name="maxMessageBytes"/>.</summary>
    internal static string Write(string stream, HistoryPage page, int maxMessageBytes) => JsonText.Write(
        writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("stream", stream);
            writer.WriteNumber("last", page.Last);
            writer.WriteBoolean("complete", page.Complete);
            writer.WriteStartArray("messages");
            var bytes = 0L;
            foreach (var message in page.Messages)
            {
                bytes += message.Message.Length;
                if (bytes > maxMessageBytes && bytes != message.Message.Length)
                {
                    break;
                }

                writer.WriteStartObject();
                writer.WriteNumber("seq", message.Seq);
                writer.WriteString("id", message.Id);
                writer.WritePropertyName("message");
                // Stored as published: compact JSON, checked when it was sent.
                writer.WriteRawValue(message.Message.Span, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        },
        JsonText.ReadableOptions);

    /// <summary>A whole-number parameter from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    private static bool TryRead(NameValueCollection query, string name, long fallback, long min, long max, out long value, out string problem)
    {
        value = fallback;
        problem = string.Empty;
        var values = query.GetValues(name);
        if (values is null)
        {
            return true;
        }

        var range = max == long.MaxValue ? $"a whole number from {min}" : $"a whole number from {min} to {max}";
        if (values.Length > 1)
        {
            problem = $"\"{name}\" is given {values.Length} times; give it once, {range}";
            return false;
        }

        if (!long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            problem = $"\"{name}\" must be {range}";
            return false;
        }

        return true;
    }
}
