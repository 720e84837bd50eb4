using Notifier.Aws.Management;
using Notifier.Local.Signing;
using Notifier.Core.Delivery;
using static Notifier.Aws.Tests.Management.TestManagementClients;

namespace Notifier.Aws.Tests.Management;

/// <summary>The SDK's signer (through the client) and our independent verifier must agree on the wire.</summary>
public sealed class ManagementApiClientSigningTests : IAsyncLifetime
{
    private readonly SigV4Verifier _verifier = new(
        id => id == AccessKeyId ? SecretKey : null,
        new SigV4VerifierOptions { Region = Region });

    private FakeManagementEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeManagementEndpoint.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    [Fact]
    public async Task PostToConnectionAsync_SignedByClient_IsAcceptedByVerifier()
    {
        using var client = Signed();

        var result = await client.PostToConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId, "{\"a\":\"b\"}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(PostResult.Delivered, result);
        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal("/local/@connections/L0SM%2BcOF%2FHcCIhw%3D", request.RawPath);
        Assert.Equal(SigV4VerificationResult.Valid(AccessKeyId), _verifier.Verify(request));
    }

    [Fact]
    public async Task PostToConnectionAsync_Signed_SendsTheJsonBodyCoveredBySignedHash()
    {
        using var client = Signed();
        var body = "{\"a\":\"b\"}"u8.ToArray();

        await client.PostToConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId, body).WaitAsync(Wait);

        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal(body, request.Body.ToArray());
        Assert.Equal("application/json", Header(request, "Content-Type"));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(request, "Content-Length"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), Header(request, "x-amz-content-sha256"));
        Assert.True(SigV4Authorization.TryParse(Header(request, "Authorization")!, out var authorization, out _));
        Assert.Contains("x-amz-content-sha256", authorization!.SignedHeaders);
        Assert.Contains("host", authorization.SignedHeaders);
    }

    [Fact]
    public async Task GetAndDeleteConnection_SignedByClient_AreAcceptedByVerifier()
    {
        using var client = Signed();

        await client.GetConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId).WaitAsync(Wait);
        await client.DeleteConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId).WaitAsync(Wait);

        Assert.Equal(2, _endpoint.Requests.Count);
        Assert.All(_endpoint.Requests, request => Assert.True(_verifier.Verify(request).IsValid));
    }

    [Fact]
    public async Task PostToConnectionAsync_Unsigned_IsMissingForVerifier()
    {
        using var client = Unsigned();

        var result = await client.PostToConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId, "{}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(PostResult.Delivered, result);
        var request = Assert.Single(_endpoint.Requests);
        Assert.DoesNotContain(request.Headers, header => header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(SigV4VerificationStatus.Missing, _verifier.Verify(request).Status);
    }

    [Fact]
    public async Task PostToConnectionAsync_SignedThenTampered_IsRejectedByVerifier()
    {
        using var client = Signed();
        await client.PostToConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId, "{\"a\":\"b\"}"u8.ToArray()).WaitAsync(Wait);
        var signed = Assert.Single(_endpoint.Requests);

        SigV4Request[] tampered =
        [
            signed with { Body = "{\"a\":\"c\"}"u8.ToArray() },
            signed with { RawPath = "/local/@connections/L0SM%2BcOF%2FHcCIhw%3E" },
            signed with { RawPath = "/local/@connections/L0SM+cOF/HcCIhw=" },
            signed with { Method = "DELETE" },
            signed with { RawQuery = "x=1" },
            signed with { Headers = [.. signed.Headers.Select(h => h.Key == "Host" ? new KeyValuePair<string, string>(h.Key, "127.0.0.1:1") : h)] },
        ];

        Assert.All(tampered, request => Assert.Equal(SigV4VerificationStatus.Invalid, _verifier.Verify(request).Status));
    }

    [Fact]
    public async Task PostToConnectionAsync_SignedWithOtherSecret_IsRejectedByVerifier()
    {
        using var client = new ManagementApiClient(new ManagementApiOptions
        {
            Credentials = new Amazon.Runtime.BasicAWSCredentials(AccessKeyId, "another-secret"),
            Region = Region,
        });

        await client.PostToConnectionAsync(_endpoint.Endpoint, AwkwardConnectionId, "{}"u8.ToArray()).WaitAsync(Wait);

        var result = _verifier.Verify(Assert.Single(_endpoint.Requests));
        Assert.Equal(SigV4VerificationResult.Invalid("signature does not match"), result);
    }

    private static string? Header(SigV4Request request, string name) =>
        request.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
