namespace Notifier.Aws.Events;

/// <summary>The event a REQUEST authorizer receives for a WebSocket <c>$connect</c>.</summary>
public sealed class WebSocketAuthorizerRequest
{
    public string? Type { get; set; }

    /// <summary><c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect</c>.</summary>
    public string? MethodArn { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public Dictionary<string, List<string>>? MultiValueHeaders { get; set; }

    public Dictionary<string, string>? QueryStringParameters { get; set; }

    public Dictionary<string, List<string>>? MultiValueQueryStringParameters { get; set; }

    public Dictionary<string, string>? StageVariables { get; set; }

    public WebSocketRequestContext? RequestContext { get; set; }
}
