using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Core.Topics;

namespace Notifier.Functions.Handlers;

/// <summary>Writes the authorizer's policy JSON straight to UTF-8.</summary>
/// <remarks>
/// The bytes are those of serializing <c>AuthorizerResponse.For(...)</c> with <c>ApiGatewayJson.Context</c> (tests
/// compare the two). Everything but the values is fixed, so the policy is fixed UTF-8 text with the values spliced
/// in, escaped as <c>Utf8JsonWriter</c> would escape them; only the returned array is allocated.
/// </remarks>
internal static class AuthorizerPolicyWriter
{
    private const int MaxUnixSecondsLength = 20;

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // The key the routes read the topics back by (ConnectionContext), so it comes from the same constant.
    private static readonly byte[] ContextTopics = Encoding.UTF8.GetBytes($"\",\"{TopicGrants.ContextKey}\":\"");

    [ThreadStatic]
    private static byte[]? _scratch;

    private static ReadOnlySpan<byte> PolicyStart => "{\"principalId\":\""u8;

    private static ReadOnlySpan<byte> StatementStart => "\",\"policyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"execute-api:Invoke\",\"Effect\":\""u8;

    private static ReadOnlySpan<byte> ResourceStart => "\",\"Resource\":\""u8;

    private static ReadOnlySpan<byte> PolicyEnd => "\"}]}"u8;

    private static ReadOnlySpan<byte> ContextUserId => ",\"context\":{\"userId\":\""u8;

    private static ReadOnlySpan<byte> ContextExpiresAt => "\",\"tokenExpiresAt\":\""u8;

    /// <summary>
    /// Allow on <paramref name="methodArn"/> for <paramref name="userId"/>, with <c>userId</c>, <c>tokenExpiresAt</c>
    /// (Unix seconds, when known) and <c>topics</c> (the token's topic entries as a JSON array text, when it has any) as context.
    /// </summary>
    public static byte[] Allow(string userId, DateTimeOffset? tokenExpiresAt, string methodArn, string? topics = null)
    {
        var policy = new Builder(Scratch(userId.Length * 2 + methodArn.Length + (topics?.Length ?? 0)));
        WritePolicy(ref policy, userId, "Allow"u8, methodArn);
        policy.Append(ContextUserId);
        policy.AppendString(userId);
        if (tokenExpiresAt is { } expiresAt)
        {
            policy.Append(ContextExpiresAt);
            policy.AppendUnixSeconds(expiresAt.ToUnixTimeSeconds());
        }

        if (topics is not null)
        {
            policy.Append(ContextTopics);
            policy.AppendString(topics);
        }

        policy.Append("\"}}"u8);
        return policy.ToArray();
    }

    /// <summary>Deny on <paramref name="methodArn"/> for the <c>anonymous</c> principal, without context.</summary>
    public static byte[] Deny(string methodArn)
    {
        var policy = new Builder(Scratch(methodArn.Length));
        WritePolicy(ref policy, "anonymous", "Deny"u8, methodArn);
        policy.Append("}"u8);
        return policy.ToArray();
    }

    private static void WritePolicy(ref Builder policy, string principalId, ReadOnlySpan<byte> effect, string methodArn)
    {
        policy.Append(PolicyStart);
        policy.AppendString(principalId);
        policy.Append(StatementStart);
        policy.Append(effect);
        policy.Append(ResourceStart);
        policy.AppendString(methodArn);
        policy.Append(PolicyEnd);
    }

    /// <summary>A per-thread buffer large enough for any policy over values of <paramref name="valueChars"/> characters in all.</summary>
    private static byte[] Scratch(int valueChars)
    {
        // An escaped character takes at most 6 bytes ("\uXXXX"), and 512 covers the fixed text and the number.
        var needed = 512 + (valueChars * 6);
        if (needed > 16 * 1024)
        {
            // A pathological methodArn or user id must not pin a large buffer to the thread.
            return new byte[needed];
        }

        return _scratch ??= new byte[16 * 1024];
    }

    private ref struct Builder(byte[] buffer)
    {
        private int _length;

        public void Append(ReadOnlySpan<byte> utf8)
        {
            utf8.CopyTo(buffer.AsSpan(_length));
            _length += utf8.Length;
        }

        /// <summary>Appends <paramref name="value"/>'s content, escaped as <c>Utf8JsonWriter</c> escapes it with <see cref="Encoder"/>.</summary>
        public void AppendString(string value)
        {
            // Most values are ASCII that needs no escaping: then the text is its own encoding.
            var destination = buffer.AsSpan(_length);
            if (Ascii.FromUtf16(value, destination, out var written) == OperationStatus.Done
                && Encoder.FindFirstCharacterToEncodeUtf8(destination[..written]) < 0)
            {
                _length += written;
                return;
            }

            Append(JsonEncodedText.Encode(value, Encoder).EncodedUtf8Bytes);
        }

        public void AppendUnixSeconds(long seconds)
        {
            seconds.TryFormat(buffer.AsSpan(_length, MaxUnixSecondsLength), out var written, provider: CultureInfo.InvariantCulture);
            _length += written;
        }

        public readonly byte[] ToArray() => buffer.AsSpan(0, _length).ToArray();
    }
}
