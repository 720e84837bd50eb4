namespace Notifier.Aws.Events;

/// <summary>A route integration's answer: the status decides a handshake, the body is sent back on <c>$default</c>.</summary>
public sealed class WebSocketResponse
{
    public int StatusCode { get; set; }

    public string? Body { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public static WebSocketResponse Status(int statusCode, string? body = null) => new() { StatusCode = statusCode, Body = body };
}
