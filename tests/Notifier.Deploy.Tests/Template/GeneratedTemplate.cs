using Notifier.Deploy.Tests.Packaging;

namespace Notifier.Deploy.Tests.Template;

/// <summary>Names in the generated template and the one way tests get it.</summary>
internal static class GeneratedTemplate
{
    public const string WebSocketApi = "WebsocketsApi";
    public const string HttpApi = "HttpApi";
    public const string ArnPrefix = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:";

    public static readonly IReadOnlyList<string> Functions = ["authorizer", "connect", "disconnect", "default", "publish"];

    /// <summary>Requires the tools, then waits for the shared template (package script first, then osls).</summary>
    public static Task<CloudFormationTemplate> GetAsync(DeploymentBuild build)
    {
        DeploymentBuild.RequirePackagingTools();
        DeploymentBuild.RequireOsls();
        return build.TemplateAsync();
    }

    /// <summary>The framework's logical id prefix for a function: <c>connect</c> -> <c>Connect</c>.</summary>
    public static string LogicalName(string function) => char.ToUpperInvariant(function[0]) + function[1..];
}
