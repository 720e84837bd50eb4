using Notifier.Deploy.Tests.Packaging;
using Xunit.Abstractions;
using static Notifier.Deploy.Tests.Template.GeneratedTemplate;

namespace Notifier.Deploy.Tests.Template;

/// <summary>The WebSocket API in the template: routes, the REQUEST authorizer and who may invoke the functions.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class WebSocketApiTests(DeploymentBuild build, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task WebSocketApi_SelectsRoutesByAction()
    {
        var template = await GetAsync(build);
        output.WriteLine($"osls package took {template.PackageElapsed.TotalSeconds:F1} s");

        var api = template.Properties(WebSocketApi);

        Assert.Equal("WEBSOCKET", (string?)api["ProtocolType"]);
        Assert.Equal("$request.body.action", (string?)api["RouteSelectionExpression"]);
    }

    [SkippableTheory]
    [InlineData("$connect", "connect")]
    [InlineData("$disconnect", "disconnect")]
    [InlineData("$default", "default")]
    public async Task Route_TargetsItsFunction(string routeKey, string function)
    {
        var template = await GetAsync(build);

        var route = Assert.Single(template.OfType("AWS::ApiGatewayV2::Route"), r => (string?)r.Properties["RouteKey"] == routeKey).Properties;
        var integrationId = CloudFormationTemplate.Render(route["Target"]).Replace("integrations/${", "", StringComparison.Ordinal).TrimEnd('}');
        var integration = template.Properties(integrationId);

        Assert.Equal($"${{{WebSocketApi}}}", CloudFormationTemplate.Render(route["ApiId"]));
        Assert.Equal("AWS_PROXY", (string?)integration["IntegrationType"]);
        Assert.Contains($"${{{LogicalName(function)}LambdaFunction.Arn}}", CloudFormationTemplate.Render(integration["IntegrationUri"]), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ConnectRoute_UsesTheRequestAuthorizer_WithTheTokenQueryAsIdentitySource()
    {
        var template = await GetAsync(build);

        var connect = Assert.Single(template.OfType("AWS::ApiGatewayV2::Route"), r => (string?)r.Properties["RouteKey"] == "$connect").Properties;
        var authorizerId = CloudFormationTemplate.Render(connect["AuthorizerId"]).Trim('$', '{', '}');
        var authorizer = template.Properties(authorizerId);

        Assert.Equal("CUSTOM", (string?)connect["AuthorizationType"]);
        Assert.Equal("REQUEST", (string?)authorizer["AuthorizerType"]);
        Assert.Equal(["route.request.querystring.token"], CloudFormationTemplate.RenderList(authorizer["IdentitySource"]));
        Assert.Contains("${AuthorizerLambdaFunction.Arn}", CloudFormationTemplate.Render(authorizer["AuthorizerUri"]), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task DefaultRoute_SendsTheIntegrationBodyBack()
    {
        var template = await GetAsync(build);

        var route = Assert.Single(template.OfType("AWS::ApiGatewayV2::Route"), r => (string?)r.Properties["RouteKey"] == "$default").Properties;

        Assert.Equal("$default", (string?)route["RouteResponseSelectionExpression"]);
        Assert.Contains(template.OfType("AWS::ApiGatewayV2::RouteResponse"), r => (string?)r.Properties["RouteResponseKey"] == "$default");
    }

    [SkippableFact]
    public async Task EveryLambdaPermission_IsForApiGateway_WithASourceArnOnThisStacksApi()
    {
        var template = await GetAsync(build);

        var permissions = template.OfType("AWS::Lambda::Permission");

        Assert.NotEmpty(permissions);
        Assert.All(permissions, permission =>
        {
            Assert.Equal("apigateway.amazonaws.com", (string?)permission.Properties["Principal"]);
            Assert.Equal("lambda:InvokeFunction", (string?)permission.Properties["Action"]);
            Assert.True(permission.Properties.ContainsKey("SourceArn"), $"{permission.Id} has no SourceArn: any API Gateway API in any account could invoke the function.");
            var sourceArn = CloudFormationTemplate.Render(permission.Properties["SourceArn"]);
            Assert.True(
                sourceArn.StartsWith(ArnPrefix + $"${{{WebSocketApi}}}/", StringComparison.Ordinal) ||
                sourceArn.StartsWith(ArnPrefix + $"${{{HttpApi}}}/", StringComparison.Ordinal),
                $"{permission.Id}: SourceArn {sourceArn} is not on this stack's APIs.");
        });
    }

    [SkippableTheory]
    [InlineData("AuthorizerLambdaPermissionWebsockets", "${WebsocketsApi}/authorizers/*")]
    [InlineData("ConnectLambdaPermissionWebsockets", "${WebsocketsApi}/test/$connect")]
    [InlineData("DisconnectLambdaPermissionWebsockets", "${WebsocketsApi}/test/$disconnect")]
    [InlineData("DefaultLambdaPermissionWebsockets", "${WebsocketsApi}/test/$default")]
    [InlineData("PublishLambdaPermissionHttpApi", "${HttpApi}/*")]
    public async Task Permission_IsScopedToItsRoute(string permissionId, string apiPath)
    {
        var template = await GetAsync(build);

        Assert.Equal(ArnPrefix + apiPath, CloudFormationTemplate.Render(template.Properties(permissionId)["SourceArn"]));
    }

    [SkippableFact]
    public async Task Stage_ThrottlesEveryRoute_BelowTheAccountLimits()
    {
        var template = await GetAsync(build);

        var stage = template.Properties("WebsocketsDeploymentStage");
        var settings = stage["DefaultRouteSettings"]!;

        Assert.Equal($"${{{WebSocketApi}}}", CloudFormationTemplate.Render(stage["ApiId"]));
        Assert.InRange((double)settings["ThrottlingRateLimit"]!, 1, 10_000);
        Assert.InRange((int)settings["ThrottlingBurstLimit"]!, 1, 5_000);
    }
}
