namespace Notifier.History;

/// <summary>Counts each DynamoDB request by the operation its <c>X-Amz-Target</c> names (<c>DynamoDB_20120810.PutItem</c> counts as <c>PutItem</c>).</summary>
internal sealed class CallCountingHandler(DynamoDbCallCounter counter, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() : null;
        counter.Count(target is null ? "(no target)" : target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        return base.SendAsync(request, cancellationToken);
    }
}
