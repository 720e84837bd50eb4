namespace Notifier.Local.Signing;

/// <summary>An incoming HTTP request as <see cref="SigV4Verifier"/> needs it: exactly as received, nothing decoded.</summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="RawPath">The path as sent on the request line, still percent-encoded, e.g. <c>/local/@connections/L0SM%2BcOF%2FHcCIhw%3D</c>.</param>
/// <param name="RawQuery">The query string as sent, with or without its leading <c>?</c>; empty when there is none.</param>
/// <param name="Headers">Every header line (name, value); a header sent several times appears several times, in order.</param>
/// <param name="Body">The request body.</param>
internal sealed record SigV4Request(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);
