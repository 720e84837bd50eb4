namespace Notifier.Aws.Tests.Management;

/// <summary>One scripted answer of <see cref="FakeManagementEndpoint"/>: a status, the error type AWS would name, and how long it takes.</summary>
internal sealed record FakeAnswer(int Status, string? ErrorType = null, TimeSpan Delay = default)
{
    public static FakeAnswer Ok { get; } = new(200);

    public static FakeAnswer Gone { get; } = new(410, "GoneException");

    public static FakeAnswer TooLarge { get; } = new(413, "PayloadTooLargeException");

    public static FakeAnswer Throttled { get; } = new(429, "LimitExceededException");

    public static FakeAnswer ServerError { get; } = new(500, "InternalServerErrorException");

    /// <summary>200, but only after a minute: far longer than any client timeout in the tests.</summary>
    public static FakeAnswer Slow { get; } = new(200, Delay: TimeSpan.FromMinutes(1));
}
