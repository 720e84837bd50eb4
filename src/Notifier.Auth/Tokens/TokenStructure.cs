using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Notifier.Auth.Tokens;

/// <summary>
/// What the token's own JSON says, read once from its two decoded segments before the signature is checked:
/// the rules RFC 7515 sets that <see cref="Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler"/> leaves
/// to the application, and the user id claim exactly as written.
/// </summary>
/// <param name="Problem">Why the token is refused outright (a fixed phrase), or null.</param>
/// <param name="UserId">The user id claim when it is a JSON string; null otherwise.</param>
/// <param name="UserIdProblem">Why there is no <paramref name="UserId"/> (a fixed phrase), or null when there is one.</param>
/// <remarks>
/// <para>Refused: a <c>crit</c> header member of any value. No header extension is understood here, so a token
/// that names one must be rejected (RFC 7515 §4.1.11), and an empty list is itself invalid there.</para>
/// <para>Refused: duplicate member names in any object of the header or payload. RFC 7515 §5.2 and RFC 7519 §4
/// allow rejecting them or taking the last; the handler takes one silently, so two readers of one token could
/// disagree about who it names. System.Text.Json detects them (unescaped names compared) while parsing.</para>
/// <para>The user id is read here rather than from the handler's claims: the handler turns a numeric
/// <c>sub</c> into text (<c>12345.0</c> becomes <c>12345</c>, two integers beyond 64 bits the same double), so
/// any value that is not a JSON string is refused, whatever the claim's name.</para>
/// <para>A token that is not three segments is left to the handler, which refuses it; <paramref name="UserId"/>
/// is then null, so nothing it says can be allowed. The segments are at most
/// <see cref="TokenValidator.MaximumTokenBytes"/> long, so this costs one parse of a few kilobytes.</para>
/// </remarks>
internal readonly record struct TokenStructure(string? Problem, string? UserId, string? UserIdProblem)
{
    private const string NoUserId = "token has no user id claim";
    private const string Malformed = "malformed token";

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    /// <summary>Reads <paramref name="token"/>'s header and payload; never throws on bad input.</summary>
    public static TokenStructure Read(string token, string userIdClaim)
    {
        var span = token.AsSpan();
        var first = span.IndexOf('.');
        var second = first < 0 ? -1 : span[(first + 1)..].IndexOf('.') + first + 1;
        if (first < 0 || second <= first || span[(second + 1)..].Contains('.'))
        {
            return new(null, null, NoUserId);
        }

        using var header = Parse(span[..first], out var headerProblem);
        using var payload = Parse(span[(first + 1)..second], out var payloadProblem);
        if ((headerProblem ?? payloadProblem) is { } problem)
        {
            return new(problem, null, null);
        }

        if (header!.RootElement.ValueKind != JsonValueKind.Object || payload!.RootElement.ValueKind != JsonValueKind.Object)
        {
            return new(Malformed, null, null);
        }

        if (header.RootElement.TryGetProperty("crit"u8, out _))
        {
            return new("token names critical header extensions", null, null);
        }

        if (!payload.RootElement.TryGetProperty(userIdClaim, out var claim))
        {
            return new(null, null, NoUserId);
        }

        return claim.ValueKind == JsonValueKind.String
            ? new(null, claim.GetString(), null)
            : new(null, null, "user id claim is not a string");
    }

    /// <summary>One Base64Url segment as a JSON document, or null and why not.</summary>
    /// <remarks>A segment that fails the strict parse is parsed once more, leniently, only to tell a repeated
    /// member name from JSON that is broken anyway; a token that passes is parsed once.</remarks>
    private static JsonDocument? Parse(ReadOnlySpan<char> segment, out string? problem)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(segment.Length)];
        if (Base64Url.DecodeFromChars(segment, bytes, out _, out var written) != OperationStatus.Done)
        {
            problem = Malformed;
            return null;
        }

        var json = bytes.AsMemory(0, written);
        try
        {
            problem = null;
            return JsonDocument.Parse(json, StrictJson);
        }
        catch (JsonException)
        {
            problem = IsJson(json) ? "token repeats a member name" : Malformed;
            return null;
        }
    }

    private static bool IsJson(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
