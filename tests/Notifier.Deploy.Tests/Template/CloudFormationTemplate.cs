using System.Text.Json.Nodes;

namespace Notifier.Deploy.Tests.Template;

/// <summary>The CloudFormation template osls generated, with lookups by resource type and a readable form of intrinsic functions.</summary>
public sealed class CloudFormationTemplate
{
    public CloudFormationTemplate(JsonObject root, TimeSpan packageElapsed)
    {
        Root = root;
        PackageElapsed = packageElapsed;
    }

    public JsonObject Root { get; }

    /// <summary>How long <c>osls package</c> took.</summary>
    public TimeSpan PackageElapsed { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public JsonObject Outputs => Root["Outputs"]!.AsObject();

    /// <summary>The resource's <c>Properties</c>; fails the test when the resource is missing.</summary>
    public JsonObject Properties(string logicalId)
    {
        Assert.True(Resources.ContainsKey(logicalId), $"The template has no resource {logicalId}; it has {string.Join(", ", Resources.Select(r => r.Key))}.");
        return Resources[logicalId]!["Properties"]!.AsObject();
    }

    public IReadOnlyList<(string Id, JsonObject Properties)> OfType(string type) =>
        [.. Resources
            .Where(resource => (string?)resource.Value!["Type"] == type)
            .Select(resource => (resource.Key, resource.Value!["Properties"]!.AsObject()))];

    /// <summary>
    /// A string form of a value: literals as they are, <c>Ref</c> as <c>${Name}</c>, <c>Fn::GetAtt</c> as
    /// <c>${Name.Attribute}</c>, <c>Fn::Sub</c> as its template and <c>Fn::Join</c> joined, the notation
    /// <c>Fn::Sub</c> itself uses, so an ARN reads the same however the template spells it.
    /// </summary>
    public static string Render(JsonNode? node) => node switch
    {
        JsonValue value => value.ToString(),
        JsonObject { Count: 1 } intrinsic when intrinsic["Ref"] is { } name => $"${{{name}}}",
        JsonObject { Count: 1 } intrinsic when intrinsic["Fn::GetAtt"] is JsonArray { Count: 2 } getAtt => $"${{{getAtt[0]}.{getAtt[1]}}}",
        JsonObject { Count: 1 } intrinsic when intrinsic["Fn::Sub"] is { } sub => sub is JsonArray array ? Render(array[0]) : Render(sub),
        JsonObject { Count: 1 } intrinsic when intrinsic["Fn::Join"] is JsonArray { Count: 2 } join =>
            string.Join(Render(join[0]), join[1]!.AsArray().Select(Render)),
        _ => throw new InvalidOperationException($"Cannot render {node?.ToJsonString() ?? "null"} as a string."),
    };

    /// <summary>A string or a list of strings (IAM allows both), rendered.</summary>
    public static IReadOnlyList<string> RenderList(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Render)] : [Render(node)];
}
