using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Notifier.Testing.Events;
using Notifier.Testing.Tokens;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>
/// A seeded generator of authorizer events: a valid, damaged, forged or missing token; an allowed, foreign or
/// missing origin; and sometimes a broken event (fields dropped or of the wrong type, bytes cut, flipped or made
/// invalid UTF-8). Each event says what the authorizer may make of it.
/// </summary>
internal sealed class RandomAuthorizerEvents(int seed)
{
    private static readonly string[] TopLevelFields =
        ["type", "methodArn", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "stageVariables", "requestContext"];

    private static readonly JsonNode?[] WrongTypes = [null, 42, true, "text", new JsonArray(1, 2), new JsonObject { ["x"] = new JsonObject() }];

    private static readonly byte[] OtherSecret = Encoding.UTF8.GetBytes("another-secret-that-is-long-enough-to-sign-with");

    private readonly Random _random = new(seed);

    /// <summary>One event; <see cref="GeneratedEvent.Subject"/> is the user of the event's genuine token, if it holds one.</summary>
    public GeneratedEvent Next()
    {
        var subject = $"subject-{_random.Next():x8}";
        var (token, genuine) = Token(subject);
        var authorizerEvent = SampleEvents.Authorizer(token);
        var (origin, originAllowed) = _random.Next(10) switch
        {
            < 7 => (FunctionFixture.AllowedOrigin, true),
            < 9 => ("https://evil.example", false),
            _ => ((string?)null, false),
        };
        SampleEvents.SetHeader(authorizerEvent, "Origin", origin);

        var broken = _random.Next(10) < 3;
        var bytes = broken ? Break(authorizerEvent) : SampleEvents.Bytes(authorizerEvent);
        return new GeneratedEvent(bytes, genuine ? subject : null, MustAllow: genuine && originAllowed && !broken, MayAllow: genuine && originAllowed);
    }

    private (string? Token, bool Genuine) Token(string subject)
    {
        var valid = TestTokens.Create(subject, issuer: FunctionFixture.Issuer, audience: FunctionFixture.Audience);
        return _random.Next(12) switch
        {
            < 4 => (valid, true),
            4 => (FlipOneCharacter(valid), false),
            5 => (valid[..Math.Max(1, _random.Next(valid.Length))], false),
            6 => (TestTokens.Raw("""{"alg":"HS256","typ":"JWT"}""", TestTokens.StandardPayload(subject), OtherSecret), false),
            7 => (TestTokens.Create(subject, expiresIn: TimeSpan.FromMinutes(-_random.Next(2, 600)), issuer: FunctionFixture.Issuer, audience: FunctionFixture.Audience), false),
            8 => (TestTokens.Raw("""{"alg":"none","typ":"JWT"}""", TestTokens.StandardPayload(subject)), false),
            9 => (RandomText(_random.Next(0, 300)), false),
            10 => (TestTokens.Create(subject, issuer: "https://evil.example", audience: FunctionFixture.Audience), false),
            _ => (null, false),
        };
    }

    private string FlipOneCharacter(string token)
    {
        var characters = token.ToCharArray();
        var at = _random.Next(characters.Length);
        characters[at] = characters[at] == 'A' ? 'B' : 'A';
        return new string(characters);
    }

    private byte[] Break(JsonObject authorizerEvent)
    {
        switch (_random.Next(6))
        {
            case 0:
                authorizerEvent.Remove(TopLevelFields[_random.Next(TopLevelFields.Length)]);
                return SampleEvents.Bytes(authorizerEvent);
            case 1:
                authorizerEvent[TopLevelFields[_random.Next(TopLevelFields.Length)]] = WrongTypes[_random.Next(WrongTypes.Length)]?.DeepClone();
                return SampleEvents.Bytes(authorizerEvent);
            case 2:
                SampleEvents.SetQuery(authorizerEvent, "token", [.. (authorizerEvent["multiValueQueryStringParameters"]?["token"]?.AsArray() ?? []).Select(t => t!.GetValue<string>()), RandomText(40)]);
                return SampleEvents.Bytes(authorizerEvent);
            default:
                return BreakBytes(SampleEvents.Bytes(authorizerEvent));
        }
    }

    private byte[] BreakBytes(byte[] bytes)
    {
        var at = _random.Next(bytes.Length);
        return _random.Next(3) switch
        {
            0 => bytes[..at],
            1 => [.. bytes[..at], (byte)_random.Next(256), .. bytes[(at + 1)..]],
            _ => [.. bytes[..at], 0xC3, 0x28, .. bytes[at..]],
        };
    }

    private string RandomText(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return Base64UrlEncoder.Encode(bytes)[..length];
    }
}

/// <summary>An authorizer event and the verdicts allowed for it.</summary>
/// <param name="Payload">The event's bytes.</param>
/// <param name="Subject">The user of the genuine, valid token in it, or null when it holds none.</param>
/// <param name="MustAllow">A valid token, an allowed origin, an intact event: only Allow is right.</param>
/// <param name="MayAllow">Allow is acceptable (a broken event that still carries the valid token may be read either way).</param>
internal sealed record GeneratedEvent(byte[] Payload, string? Subject, bool MustAllow, bool MayAllow);
