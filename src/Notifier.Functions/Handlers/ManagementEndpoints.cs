namespace Notifier.Functions.Handlers;

/// <summary>Which management API URL reaches a connection: <c>https://{domain}/{stage}</c> unless overridden.</summary>
/// <remarks>
/// The override (<c>NOTIFIER_MANAGEMENT_ENDPOINT</c>) is for custom domains, whose base path mapping
/// need not be the stage name, and for the local gateway, which speaks plain HTTP on 127.0.0.1.
/// </remarks>
internal sealed class ManagementEndpoints
{
    public const string OverrideVariable = "NOTIFIER_MANAGEMENT_ENDPOINT";

    private readonly string? _override;

    public ManagementEndpoints(Uri? endpointOverride)
    {
        _override = endpointOverride?.AbsoluteUri.TrimEnd('/');
    }

    public string For(string domainName, string stage) =>
        _override ?? (stage.Length == 0 ? $"https://{domainName}" : $"https://{domainName}/{stage}");
}
