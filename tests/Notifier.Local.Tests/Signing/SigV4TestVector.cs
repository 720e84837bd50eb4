using System.Text;
using Notifier.Local.Signing;

namespace Notifier.Local.Tests.Signing;

/// <summary>A signed request from the AWS SigV4 test suite (see Vectors/README.md), parsed into a <see cref="SigV4Request"/>.</summary>
internal static class SigV4TestVector
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>The suite's signing time, 2015-08-30T12:36:00Z.</summary>
    public static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static readonly TheoryData<string> Names = new(
        "get-vanilla",
        "get-vanilla-query",
        "get-vanilla-query-order-key-case",
        "get-vanilla-query-unreserved",
        "get-vanilla-utf8-query",
        "get-vanilla-empty-query-key",
        "get-utf8",
        "get-unreserved",
        "get-space-normalized",
        "get-slashes-normalized",
        "get-slash-dot-slash-normalized",
        "get-slash-pointless-dot-normalized",
        "get-relative-relative-normalized",
        "get-header-value-trim",
        "get-header-key-duplicate",
        "post-vanilla",
        "post-vanilla-query",
        "post-x-www-form-urlencoded");

    public static string? Secrets(string accessKeyId) => accessKeyId == AccessKeyId ? SecretKey : null;

    /// <summary>Reads <c>Vectors/{name}.txt</c>: request line, header lines, a blank line, the body.</summary>
    public static SigV4Request Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Signing", "Vectors", name + ".txt"), Encoding.UTF8);
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = text[..blank].Split('\n');
        var body = Encoding.UTF8.GetBytes(text[(blank + 2)..]);

        var requestLine = head[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/1.1", StringComparison.Ordinal)];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];

        var headers = head.Skip(1)
            .Select(line => new KeyValuePair<string, string>(line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]))
            .ToList();
        return new SigV4Request(method, path, query, headers, body);
    }

    public static SigV4Request WithHeader(this SigV4Request request, string name, string value) =>
        request with
        {
            Headers = [.. request.Headers.Select(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, string>(h.Key, value) : h)],
        };

    public static string Header(this SigV4Request request, string name) =>
        request.Headers.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
