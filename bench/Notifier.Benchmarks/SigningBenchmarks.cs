using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using BenchmarkDotNet.Attributes;
using Notifier.Aws.Management;

namespace Notifier.Benchmarks;

/// <summary>
/// One signed PostToConnection request through <see cref="SigV4SigningHandler"/> to a transport that answers 200 at
/// once: with the content attached while it signs (as the client sent it before), and as the client sends it now
/// (<see cref="SignedBody"/>: the body's hash in a header, the content attached after signing). Unsigned beside them.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 2, warmupCount: 5, iterationCount: 15)]
public class SigningBenchmarks
{
    private static readonly Uri Target = new("https://abcdef1234.execute-api.us-east-1.amazonaws.com/prod/@connections/Jx2fCd1voAMCLtg%3D");
    private static readonly byte[] Body = """{"type":"notification","text":"Your order has shipped"}"""u8.ToArray();

    private HttpMessageInvoker _contentAttached = null!;
    private HttpMessageInvoker _signedBody = null!;
    private HttpMessageInvoker _unsigned = null!;

    [GlobalSetup]
    public void Setup()
    {
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        _contentAttached = new HttpMessageInvoker(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, ManagementApiOptions.ServiceName, new AnswerOk()));
        _signedBody = new HttpMessageInvoker(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, ManagementApiOptions.ServiceName, new SignedBody.AttachHandler(new AnswerOk())));
        _unsigned = new HttpMessageInvoker(new AnswerOk());
    }

    [Benchmark(Baseline = true, Description = "signed, content attached while signing (before)")]
    public Task<HttpStatusCode> ContentAttached() => SendAsync(_contentAttached, hold: false);

    [Benchmark(Description = "signed, SignedBody (now)")]
    public Task<HttpStatusCode> HeldContent() => SendAsync(_signedBody, hold: true);

    [Benchmark(Description = "unsigned")]
    public Task<HttpStatusCode> Unsigned() => SendAsync(_unsigned, hold: false);

    private static async Task<HttpStatusCode> SendAsync(HttpMessageInvoker invoker, bool hold)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Target);
        using var content = new ReadOnlyMemoryContent(Body);
        content.Headers.ContentType = new("application/json");
        if (hold)
        {
            SignedBody.Hold(request, content, Body);
        }
        else
        {
            request.Content = content;
        }

        using var response = await invoker.SendAsync(request, CancellationToken.None);
        return response.StatusCode;
    }

    private sealed class AnswerOk : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
