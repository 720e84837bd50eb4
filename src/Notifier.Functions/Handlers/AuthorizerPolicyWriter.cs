using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Core.Topics;

namespace Notifier.Functions.Handlers;

/// <summary>Writes the authorizer's policy JSON straight to UTF-8.</summary>
/// <remarks>
/// The bytes are those of serializing <c>AuthorizerResponse.For(...)</c> with <c>ApiGatewayJson.Context</c> (tests
/// compare the two), without building the response, document, statement list and context dictionary on every
/// call. The buffer and writer are reused per thread; only the returned array is allocated.
/// </remarks>
internal static class AuthorizerPolicyWriter
{
    private const int MaxUnixSecondsLength = 20;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonEncodedText PrincipalId = JsonEncodedText.Encode("principalId");
    private static readonly JsonEncodedText PolicyDocument = JsonEncodedText.Encode("policyDocument");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("Version");
    private static readonly JsonEncodedText VersionValue = JsonEncodedText.Encode("2012-10-17");
    private static readonly JsonEncodedText Statement = JsonEncodedText.Encode("Statement");
    private static readonly JsonEncodedText Action = JsonEncodedText.Encode("Action");
    private static readonly JsonEncodedText ActionValue = JsonEncodedText.Encode("execute-api:Invoke");
    private static readonly JsonEncodedText Effect = JsonEncodedText.Encode("Effect");
    private static readonly JsonEncodedText AllowValue = JsonEncodedText.Encode("Allow");
    private static readonly JsonEncodedText DenyValue = JsonEncodedText.Encode("Deny");
    private static readonly JsonEncodedText Resource = JsonEncodedText.Encode("Resource");
    private static readonly JsonEncodedText Context = JsonEncodedText.Encode("context");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText TokenExpiresAt = JsonEncodedText.Encode("tokenExpiresAt");
    private static readonly JsonEncodedText Topics = JsonEncodedText.Encode(TopicGrants.ContextKey);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>
    /// Allow on <paramref name="methodArn"/> for <paramref name="userId"/>, with <c>userId</c>, <c>tokenExpiresAt</c>
    /// (Unix seconds, when known) and <c>topics</c> (the token's topic entries as a JSON array text, when it has any) as context.
    /// </summary>
    public static byte[] Allow(string userId, DateTimeOffset? tokenExpiresAt, string methodArn, string? topics = null)
    {
        var writer = Start(userId, AllowValue, methodArn);
        writer.WriteStartObject(Context);
        writer.WriteString(UserId, userId);
        if (tokenExpiresAt is { } expiresAt)
        {
            Span<char> seconds = stackalloc char[MaxUnixSecondsLength];
            expiresAt.ToUnixTimeSeconds().TryFormat(seconds, out var length, provider: CultureInfo.InvariantCulture);
            writer.WriteString(TokenExpiresAt, seconds[..length]);
        }

        if (topics is not null)
        {
            writer.WriteString(Topics, topics);
        }

        writer.WriteEndObject();
        return Finish(writer);
    }

    /// <summary>Deny on <paramref name="methodArn"/> for the <c>anonymous</c> principal, without context.</summary>
    public static byte[] Deny(string methodArn) => Finish(Start("anonymous", DenyValue, methodArn));

    private static Utf8JsonWriter Start(string principalId, JsonEncodedText effect, string methodArn)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);

        writer.WriteStartObject();
        writer.WriteString(PrincipalId, principalId);
        writer.WriteStartObject(PolicyDocument);
        writer.WriteString(Version, VersionValue);
        writer.WriteStartArray(Statement);
        writer.WriteStartObject();
        writer.WriteString(Action, ActionValue);
        writer.WriteString(Effect, effect);
        writer.WriteString(Resource, methodArn);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        return writer;
    }

    private static byte[] Finish(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.Flush();
        var bytes = _buffer!.WrittenSpan.ToArray();
        if (_buffer.Capacity > 16 * 1024)
        {
            // A pathological methodArn or user id must not pin a large buffer to the thread.
            _buffer = null;
            _writer = null;
        }

        return bytes;
    }
}
