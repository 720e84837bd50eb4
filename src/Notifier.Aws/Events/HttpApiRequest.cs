namespace Notifier.Aws.Events;

/// <summary>An API Gateway HTTP API (payload format 2.0) request, as far as the publish function reads it.</summary>
public sealed class HttpApiRequest
{
    public string? Version { get; set; }

    public string? RouteKey { get; set; }

    public string? RawPath { get; set; }

    /// <summary>The query string without its <c>?</c>, escapes intact; empty when there is none.</summary>
    public string? RawQueryString { get; set; }

    public Dictionary<string, string>? Headers { get; set; }

    public string? Body { get; set; }

    public bool IsBase64Encoded { get; set; }
}
