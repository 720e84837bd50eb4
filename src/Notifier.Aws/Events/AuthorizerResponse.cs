namespace Notifier.Aws.Events;

/// <summary>A REQUEST authorizer's answer: top level camelCase, policy keys PascalCase, as API Gateway reads them.</summary>
public sealed class AuthorizerResponse
{
    public required string PrincipalId { get; set; }

    public required PolicyDocument PolicyDocument { get; set; }

    /// <summary>Passed to every route as <c>requestContext.authorizer</c>; API Gateway accepts only string, number or boolean values.</summary>
    public Dictionary<string, string>? Context { get; set; }

    /// <summary>A one-statement policy allowing or denying <c>execute-api:Invoke</c> on one method ARN.</summary>
    public static AuthorizerResponse For(string principalId, bool allow, string methodArn, Dictionary<string, string>? context = null) => new()
    {
        PrincipalId = principalId,
        PolicyDocument = new PolicyDocument
        {
            Statement = [new PolicyStatement { Effect = allow ? "Allow" : "Deny", Resource = methodArn }],
        },
        Context = context,
    };
}
