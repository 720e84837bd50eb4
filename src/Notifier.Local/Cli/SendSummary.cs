using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Notifier.Local.Cli;

/// <summary>What <c>send</c> prints by default: the publish API's answer as a few lines a person reads at a glance.</summary>
/// <remarks>
/// The first line says how many connections got the message; then the message id and its number in each stream, the
/// gone, throttled and failed counts, and at most <see cref="MaxListedIds"/> ids of each list ("and N more" for the
/// rest; the counts are exact). A sharded send (<c>202</c>) says how many shards it was split into and where its report
/// is read. An answer this does not recognise is printed as it came, so nothing the gateway said is hidden.
/// </remarks>
internal static class SendSummary
{
    /// <summary>How many ids of one list the summary shows.</summary>
    public const int MaxListedIds = 5;

    /// <summary>The lines for the answer <paramref name="body"/> with <paramref name="status"/>, each ending with a newline.</summary>
    /// <param name="status">The publish API's status code.</param>
    /// <param name="body">The answer's body.</param>
    /// <param name="elapsed">How long the publish call took.</param>
    /// <param name="gateway">The gateway's base URL, e.g. <c>http://127.0.0.1:8080</c>, to say where a sharded send is followed.</param>
    public static string Format(HttpStatusCode status, string body, TimeSpan elapsed, string gateway)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Lines($"The gateway answered {Status(status)}:", body);
        }

        var milliseconds = Math.Round(elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Lines($"The gateway answered {Status(status)}:", body);
        }

        if (status == HttpStatusCode.Accepted && Text(root, "messageId") is { } sendId && Number(root, "shards") is { } shards)
        {
            return Lines(
                $"Accepted in {milliseconds} ms: a large send, split into {Count(shards, "shard")} that deliver in the background",
                $"Message id: {sendId}",
                $"Follow it: curl {gateway.TrimEnd('/')}/notifications/{Uri.EscapeDataString(sendId)}");
        }

        if ((int)status is < 200 or > 299 || !root.TryGetProperty("counts", out var counts) || counts.ValueKind != JsonValueKind.Object)
        {
            return Text(root, "message") is { } message
                ? Lines($"Refused ({Status(status)}): {message}")
                : Lines($"The gateway answered {Status(status)}:", body);
        }

        var delivered = Number(counts, "delivered") ?? 0;
        var gone = Number(counts, "gone") ?? 0;
        var failed = Number(counts, "failed") ?? 0;
        var throttled = Number(counts, "throttled") ?? 0;
        var recipients = Number(root, "recipients") ?? delivered + gone + failed;
        var missed = new List<string>();
        if (gone > 0)
        {
            missed.Add($"{gone} gone");
        }

        if (failed > 0)
        {
            missed.Add($"{failed} failed");
        }

        var lines = new List<string>
        {
            $"Delivered to {delivered} of {Count(recipients, "connection")}{(missed.Count > 0 ? $" ({string.Join(", ", missed)})" : string.Empty)} in {milliseconds} ms",
        };
        if (Text(root, "id") is { } id)
        {
            lines.Add($"Message id: {id}");
        }

        if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Object)
        {
            var numbered = streams.EnumerateObject().Select(stream => $"{stream.Name} seq {stream.Value.GetRawText()}").ToList();
            if (numbered.Count > 0)
            {
                lines.Add($"Streams: {Fold(numbered, numbered.Count)}");
            }
        }

        lines.Add($"Gone: {gone}{Ids(root, "gone", gone)}");
        var afterThrottling = Number(counts, "deliveredAfterThrottling") ?? 0;
        lines.Add($"Throttled: {throttled}{(afterThrottling > 0 ? $" ({afterThrottling} delivered after retrying)" : string.Empty)}");
        lines.Add($"Failed: {failed}");
        if (root.TryGetProperty("failed", out var failures) && failures.ValueKind == JsonValueKind.Array)
        {
            var shown = 0;
            foreach (var failure in failures.EnumerateArray().Take(MaxListedIds))
            {
                lines.Add($"  {Text(failure, "connectionId")}: {Text(failure, "status")}{(Text(failure, "reason") is { Length: > 0 } reason ? $" ({reason})" : string.Empty)}");
                shown++;
            }

            if (failed > shown)
            {
                lines.Add($"  and {failed - shown} more");
            }
        }

        if (root.TryGetProperty("pruneFailed", out var pruneFailed) && pruneFailed.ValueKind == JsonValueKind.True)
        {
            lines.Add("The gone connections' records could not be removed; they expire by their TTL.");
        }

        return Lines([.. lines]);
    }

    /// <summary>" (id1, id2, ... and N more)" for the list <paramref name="name"/>, or nothing when it is empty.</summary>
    private static string Ids(JsonElement root, string name, int count)
    {
        if (count == 0 || !root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var ids = list.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText()).ToList();
        return ids.Count == 0 ? string.Empty : $" ({Fold(ids, count)})";
    }

    /// <summary>The first <see cref="MaxListedIds"/> items, then "and N more" out of <paramref name="count"/>.</summary>
    private static string Fold(IReadOnlyList<string> items, int count)
    {
        var shown = items.Take(MaxListedIds).ToList();
        var text = string.Join(", ", shown);
        return count > shown.Count ? $"{text} and {count - shown.Count} more" : text;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Status(HttpStatusCode status) => $"{(int)status} {status}";

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static string Lines(params string[] lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.TrimEnd('\r', '\n')).Append('\n');
        }

        return text.ToString();
    }
}
