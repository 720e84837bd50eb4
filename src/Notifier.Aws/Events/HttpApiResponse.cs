namespace Notifier.Aws.Events;

/// <summary>An HTTP API (payload format 2.0) response.</summary>
public sealed class HttpApiResponse
{
    public int StatusCode { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public string? Body { get; set; }

    public static HttpApiResponse Json(int statusCode, string body) => new()
    {
        StatusCode = statusCode,
        Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        Body = body,
    };
}
