using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifier.Core.Topics;

namespace Notifier.Auth.Tokens;

/// <summary>Validates a bearer token with <see cref="JsonWebTokenHandler"/>; never throws on bad input.</summary>
public sealed class TokenValidator
{
    /// <summary>Largest token looked at (8 KB); API Gateway's 4096-character URL limit keeps browser tokens below it.</summary>
    public const int MaximumTokenBytes = 8 * 1024;

    /// <summary>Longest user id accepted as an IAM <c>principalId</c>.</summary>
    public const int MaximumUserIdLength = 256;

    /// <summary>Whether <paramref name="userId"/> is usable as a user id: not blank, at most <see cref="MaximumUserIdLength"/> characters, no control characters.</summary>
    public static bool IsUsableUserId(string? userId) =>
        !string.IsNullOrWhiteSpace(userId) && userId.Length <= MaximumUserIdLength && !ContainsControl(userId);

    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = MaximumTokenBytes };
    private readonly TokenValidationParameters _parameters;
    private readonly string _userIdClaim;
    private readonly string _topicsClaim;
    private readonly bool _keysAreRemote;

    public TokenValidator(JwtOptions options, HttpMessageHandler? keyFetchHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _parameters = SigningKeys.CreateParameters(options, keyFetchHandler);
        _userIdClaim = options.UserIdClaim;
        _topicsClaim = options.TopicsClaim;
        _keysAreRemote = !options.UsesSymmetricKey;
    }

    /// <summary>Checks the header and payload JSON (<see cref="TokenStructure"/>), then signature, algorithm, lifetime, issuer and audience, then reads the user id and topics claims.</summary>
    public async ValueTask<TokenCheck> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return TokenCheck.Invalid("empty token");
        }

        if (token.Length > MaximumTokenBytes)
        {
            return TokenCheck.Invalid("token too large");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var structure = TokenStructure.Read(token, _userIdClaim);
        if (structure.Problem is { } problem)
        {
            return TokenCheck.Invalid(problem);
        }

        try
        {
            var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
            if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && _parameters.ConfigurationManager is { } keys)
            {
                // The handler has asked for a key refresh (rotation, or keys never fetched); the next
                // configuration read performs it, rate-limited by the manager's refresh interval.
                await keys.GetBaseConfigurationAsync(cancellationToken).ConfigureAwait(false);
                result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
            }

            if (!result.IsValid)
            {
                return TokenFailures.Describe(result.Exception, _keysAreRemote);
            }

            return result.SecurityToken is JsonWebToken jwt ? ReadUser(jwt, structure) : TokenCheck.Invalid("malformed token");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TokenFailures.Describe(exception, _keysAreRemote);
        }
    }

    /// <summary>Whether <paramref name="text"/> holds a character <see cref="char.IsControl(char)"/> is true for (C0, DEL and C1).</summary>
    private static bool ContainsControl(string text) =>
        text.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || text.AsSpan().ContainsAnyInRange('\u007F', '\u009F');

    /// <summary>The user the validated token names; its id as <see cref="TokenStructure"/> read it, a JSON string or nothing.</summary>
    private TokenCheck ReadUser(JsonWebToken jwt, TokenStructure structure)
    {
        if (structure.UserId is not { } userId)
        {
            return TokenCheck.Invalid(structure.UserIdProblem ?? "token has no user id claim");
        }

        if (string.IsNullOrWhiteSpace(userId))
        {
            return TokenCheck.Invalid("token has no user id claim");
        }

        if (!IsUsableUserId(userId))
        {
            return TokenCheck.Invalid("user id claim is not a usable id");
        }

        return TokenCheck.Valid(userId, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), ReadTopics(jwt));
    }

    /// <summary>The topics claim's string entries (an array claim arrives as one claim per element); others are ignored.</summary>
    /// <remarks>Presence is checked on the payload: <c>TryGetClaim</c> would build every claim once before <c>Claims</c> builds them again.</remarks>
    private TopicGrants ReadTopics(JsonWebToken jwt) =>
        jwt.TryGetPayloadValue<object>(_topicsClaim, out _)
            ? TopicGrants.FromClaim(jwt.Claims.Where(c => c.Type == _topicsClaim && c.ValueType == ClaimValueTypes.String).Select(c => c.Value))
            : TopicGrants.None;
}
