using System.Net;
using System.Net.Http.Headers;
using Notifier.Core.Delivery;

namespace Notifier.Aws.Management;

/// <summary>Maps management API answers to <see cref="PostResult"/> values.</summary>
internal static class ManagementStatusMap
{
    /// <summary>The header that carries the error type, e.g. <c>GoneException</c>.</summary>
    private const string ErrorTypeHeader = "x-amzn-ErrorType";

    private const int MaxErrorTypeLength = 64;

    public static PostResult ToResult(HttpStatusCode statusCode, string? errorType)
    {
        var code = (int)statusCode;
        var status = code switch
        {
            200 or 204 => ManagementCallStatus.Succeeded,
            410 => ManagementCallStatus.Gone,
            413 => ManagementCallStatus.PayloadTooLarge,
            429 => ManagementCallStatus.Throttled,
            403 => ManagementCallStatus.Forbidden,
            >= 500 and <= 599 => ManagementCallStatus.TransientFailure,
            _ => ManagementCallStatus.Failed,
        };
        if (status == ManagementCallStatus.Succeeded)
        {
            return PostResult.Delivered;
        }

        var type = CleanErrorType(errorType);
        return new PostResult(status, type is null ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{code} {type}");
    }

    public static string? ErrorType(HttpResponseHeaders headers) =>
        headers.TryGetValues(ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;

    /// <summary>Keeps the type name: AWS may append <c>:http://...</c>; anything odd is dropped rather than logged.</summary>
    private static string? CleanErrorType(string? errorType)
    {
        if (string.IsNullOrWhiteSpace(errorType))
        {
            return null;
        }

        var colon = errorType.IndexOf(':', StringComparison.Ordinal);
        var type = (colon >= 0 ? errorType[..colon] : errorType).Trim();
        if (type.Length == 0 || type.Length > MaxErrorTypeLength)
        {
            return null;
        }

        foreach (var c in type)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '#'))
            {
                return null;
            }
        }

        return type;
    }
}
