namespace Notifier.Local.Signing;

/// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 ...</c> header.</summary>
internal sealed record SigV4Authorization(
    string AccessKeyId,
    string Date,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    private const string Terminator = "aws4_request";

    /// <summary>Parses the header value; on failure <paramref name="error"/> says what is wrong, without echoing input.</summary>
    public static bool TryParse(string value, out SigV4Authorization? authorization, out string error)
    {
        authorization = null;
        if (!value.StartsWith(Algorithm, StringComparison.Ordinal)
            || value.Length == Algorithm.Length
            || value[Algorithm.Length] != ' ')
        {
            error = "unsupported authorization scheme (expected AWS4-HMAC-SHA256)";
            return false;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in value[(Algorithm.Length + 1)..].Split(','))
        {
            var pair = part.Trim();
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var component = equals < 0 ? "" : pair[(equals + 1)..];
            var known = name switch
            {
                "Credential" => Assign(ref credential, component),
                "SignedHeaders" => Assign(ref signedHeaders, component),
                "Signature" => Assign(ref signature, component),
                _ => false,
            };
            if (!known)
            {
                error = "malformed authorization header (unknown or repeated component)";
                return false;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            error = "malformed authorization header (Credential, SignedHeaders and Signature are required)";
            return false;
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0].Length == 0 || !IsDateStamp(scope[1]) || scope[2].Length == 0 || scope[3].Length == 0 || scope[4] != Terminator)
        {
            error = "malformed credential scope";
            return false;
        }

        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigitLower))
        {
            error = "malformed signature (expected 64 lowercase hex digits)";
            return false;
        }

        if (!TryParseSignedHeaders(signedHeaders, out var names))
        {
            error = "malformed SignedHeaders (expected lowercase names, sorted, separated by ';')";
            return false;
        }

        authorization = new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], names, signature);
        error = "";
        return true;
    }

    private static bool Assign(ref string? slot, string value)
    {
        if (slot is not null)
        {
            return false;
        }

        slot = value;
        return true;
    }

    private static bool TryParseSignedHeaders(string value, out string[] names)
    {
        names = value.Split(';');
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (name.Length == 0 || !name.All(IsHeaderNameChar)
                || (i > 0 && string.CompareOrdinal(names[i - 1], name) >= 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHeaderNameChar(char c) =>
        char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '^' or '`' or '|' or '~';

    private static bool IsDateStamp(string value) => value.Length == 8 && value.All(char.IsAsciiDigit);
}
