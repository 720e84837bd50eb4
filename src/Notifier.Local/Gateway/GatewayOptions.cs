namespace Notifier.Local.Gateway;

/// <summary>How the local gateway listens and which API Gateway limits it enforces; defaults are API Gateway's.</summary>
internal sealed record GatewayOptions
{
    public const int DefaultPort = 8080;

    /// <summary>Loopback only unless told otherwise: a development gateway must not be reachable from the network.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 lets the OS choose (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    public string Stage { get; init; } = "local";

    /// <summary>API Gateway's payload limit: a bigger client message closes the socket with 1009, a bigger post is 413.</summary>
    public int MaxMessageBytes { get; init; } = 128 * 1024;

    /// <summary>API Gateway's frame size: larger messages go out as continuation frames.</summary>
    public int FrameBytes { get; init; } = 32 * 1024;

    /// <summary>The most route invocations one connection may have running at once; past it, its messages wait to be read.</summary>
    /// <remarks>
    /// API Gateway runs a connection's messages concurrently with no bound of its own (only the account's Lambda
    /// concurrency); locally 10 keep races visible while one client cannot start unbounded work.
    /// </remarks>
    public int MaxInFlightMessages { get; init; } = 10;

    /// <summary>How long a closed connection's running invocations get to finish before they are cancelled and <c>$disconnect</c> runs.</summary>
    public TimeSpan InFlightGrace { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one post may wait on a client that reads nothing; then that connection is aborted and the post fails.</summary>
    /// <remarks>Under a management client's own 10-second timeout, so the caller hears the answer instead of guessing.</remarks>
    public TimeSpan PostTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxConnectionDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How long a client may take to send the whole handshake request; a slower one is dropped.</summary>
    /// <remarks>Kestrel's own default is 30 s; a half-sent upgrade holds a socket, so it gets far less here.</remarks>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most header bytes a handshake may carry; a bigger one is refused with 431 before anything runs.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>API Gateway's URL length limit; a longer handshake URL is refused with 414.</summary>
    public int MaxUrlLength { get; init; } = 4096;

    /// <summary>Shown in events as <c>apiId</c> and in the <c>methodArn</c>.</summary>
    public string ApiId { get; init; } = "local";

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>Credentials management API callers must sign with (SigV4); null accepts unsigned calls.</summary>
    public (string AccessKeyId, string SecretAccessKey)? ManagementCredentials { get; init; }

    public string MethodArn(string routeKey) => $"arn:aws:execute-api:{Region}:{AccountId}:{ApiId}/{Stage}/{routeKey}";
}
