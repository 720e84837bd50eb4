using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Notifier.Functions.Runtime;

/// <summary>The Lambda Runtime API (<c>2018-06-01</c>) as the custom runtime's loop uses it.</summary>
/// <remarks>
/// Mirrors aws-lambda-dotnet's <c>IRuntimeApiClient</c>: next invocation, response, invocation error and
/// init error. The client has no timeout because <c>invocation/next</c> blocks until an event arrives;
/// callers bound the other calls with their token. The proxy is never used: the API is link-local.
/// An answer other than success throws <see cref="RuntimeApiException"/>; a network failure throws what
/// <see cref="HttpClient"/> throws.
/// </remarks>
internal sealed class LambdaRuntimeClient : IDisposable
{
    /// <summary>The environment variable that holds the API's <c>host:port</c>.</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    private const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    private const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    private const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    private const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    /// <summary>How much of an error answer goes into the exception message: enough for the API's JSON error.</summary>
    private const int MaxAnswerInMessage = 512;

    private readonly HttpClient _httpClient;

    /// <param name="runtimeApi">The API's <c>host:port</c>, as in <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    public LambdaRuntimeClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _httpClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Creates a client for <c>AWS_LAMBDA_RUNTIME_API</c>; throws, naming it, when it is not set.</summary>
    public static LambdaRuntimeClient FromEnvironment()
    {
        var runtimeApi = Environment.GetEnvironmentVariable(RuntimeApiVariable);
        return string.IsNullOrWhiteSpace(runtimeApi)
            ? throw new InvalidOperationException($"{RuntimeApiVariable} is not set: the bootstrap runs only inside Lambda or against a Runtime API emulator.")
            : new LambdaRuntimeClient(runtimeApi);
    }

    /// <summary>Waits (without a timeout) for the next event.</summary>
    public async Task<RuntimeInvocation> GetNextInvocationAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _httpClient
            .GetAsync(new Uri("invocation/next", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(response, "invocation/next", cancellationToken).ConfigureAwait(false);

        var requestId = Header(response, RequestIdHeader)
            ?? throw new InvalidDataException($"The Runtime API answered invocation/next without {RequestIdHeader}.");
        var deadline = long.TryParse(Header(response, DeadlineHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs)
            : DateTimeOffset.MaxValue;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new RuntimeInvocation(requestId, deadline, Header(response, FunctionArnHeader), Header(response, TraceIdHeader), payload);
    }

    /// <summary>Posts the function's JSON response for <paramref name="requestId"/>.</summary>
    public Task PostResponseAsync(string requestId, byte[] json, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(json);
        return PostAsync(InvocationPath(requestId, "response"), json, errorType: null, cancellationToken);
    }

    /// <summary>Posts a function error for <paramref name="requestId"/>.</summary>
    public Task PostErrorAsync(string requestId, string errorType, string errorMessage, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return PostErrorBodyAsync(InvocationPath(requestId, "error"), errorType, errorMessage, cancellationToken);
    }

    /// <summary>Reports that the cold start failed; Lambda then expects the process to exit.</summary>
    public Task PostInitErrorAsync(string errorType, string errorMessage, CancellationToken cancellationToken = default) =>
        PostErrorBodyAsync("init/error", errorType, errorMessage, cancellationToken);

    public void Dispose() => _httpClient.Dispose();

    private static string InvocationPath(string requestId, string outcome) =>
        $"invocation/{Uri.EscapeDataString(requestId)}/{outcome}";

    private Task PostErrorBodyAsync(string path, string errorType, string errorMessage, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ArgumentNullException.ThrowIfNull(errorMessage);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new RuntimeErrorBody(errorMessage, errorType, []),
            RuntimeJsonContext.Default.RuntimeErrorBody);
        return PostAsync(path, body, errorType, cancellationToken);
    }

    private async Task PostAsync(string path, byte[] body, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }

        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Throws <see cref="RuntimeApiException"/> with the start of the API's answer when the call did not succeed.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (answer.Length > MaxAnswerInMessage)
        {
            answer = answer[..MaxAnswerInMessage] + "...";
        }

        throw new RuntimeApiException(call, response.StatusCode, answer.Trim());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
