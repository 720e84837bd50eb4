using Amazon.Runtime;
using Amazon.SQS;
using Notifier.Aws.Queue;
using Notifier.Testing.Sqs;

namespace Notifier.Aws.Tests.Queue;

/// <summary>Real SDK clients pointed at a <see cref="FakeSqsServer"/>.</summary>
internal static class TestSqs
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static AmazonSQSClient Client(FakeSqsServer fake, int? maxErrorRetry = null) =>
        SqsClientFactory.CreateClient(
            fake.ServiceUrl, credentials: new BasicAWSCredentials("test", "test"), timeout: TimeSpan.FromSeconds(30), maxErrorRetry: maxErrorRetry);

    /// <summary>Waits, at most 10 s, until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    public static Task<T> Within<T>(Task<T> task) => task.WaitAsync(Wait);
}
