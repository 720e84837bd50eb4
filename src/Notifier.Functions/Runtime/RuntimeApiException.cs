using System.Net;

namespace Notifier.Functions.Runtime;

/// <summary>The Lambda Runtime API answered a call with a status other than success.</summary>
/// <remarks>
/// The message is ours, naming the call, the status and the start of the API's answer, so that a log line
/// reads the same in the Native AOT binary as under the JIT. Network failures stay
/// <see cref="HttpRequestException"/> or <see cref="IOException"/>: only an answered call becomes this type.
/// </remarks>
internal sealed class RuntimeApiException : Exception
{
    public RuntimeApiException(string call, HttpStatusCode statusCode, string answer)
        : base($"The Runtime API answered {call} with {(int)statusCode} {statusCode}{(answer.Length == 0 ? "" : ": " + answer)}")
    {
        Call = call;
        StatusCode = statusCode;
    }

    /// <summary>The call that failed, e.g. <c>invocation/next</c>.</summary>
    public string Call { get; } = "";

    /// <summary>The status the API answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// The API's "container error": the spec answers every call's 500 with "Non-recoverable state. Runtime
    /// should exit promptly."
    /// </summary>
    public bool IsContainerError => StatusCode == HttpStatusCode.InternalServerError;

    /// <summary>Statuses a proxy or a starting emulator answers for a moment; the spec itself never sends them.</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
