namespace Notifier.Aws.Events;

/// <summary>The event a <c>$connect</c>, <c>$disconnect</c> or message route integration receives.</summary>
public sealed class WebSocketEvent
{
    public Dictionary<string, string>? Headers { get; set; }

    public Dictionary<string, List<string>>? MultiValueHeaders { get; set; }

    public Dictionary<string, string>? QueryStringParameters { get; set; }

    public Dictionary<string, List<string>>? MultiValueQueryStringParameters { get; set; }

    public WebSocketRequestContext? RequestContext { get; set; }

    public string? Body { get; set; }

    public bool IsBase64Encoded { get; set; }
}
