using Notifier.Aws.Management;
using Notifier.Core.Delivery;
using static Notifier.Aws.Tests.Management.TestManagementClients;

namespace Notifier.Aws.Tests.Management;

/// <summary>How the fake endpoint's answers map to outcomes, for each of the three calls.</summary>
public sealed class ManagementApiClientStatusTests : IAsyncLifetime
{
    private FakeManagementEndpoint _endpoint = null!;
    private ManagementApiClient _client = null!;

    public static readonly TheoryData<int, string?, ManagementCallStatus, string?> Answers = new()
    {
        { 200, null, ManagementCallStatus.Succeeded, null },
        { 204, null, ManagementCallStatus.Succeeded, null },
        { 410, "GoneException", ManagementCallStatus.Gone, "410 GoneException" },
        { 410, null, ManagementCallStatus.Gone, "410" },
        { 413, "PayloadTooLargeException", ManagementCallStatus.PayloadTooLarge, "413 PayloadTooLargeException" },
        { 429, "LimitExceededException", ManagementCallStatus.Throttled, "429 LimitExceededException" },
        { 403, "ForbiddenException", ManagementCallStatus.Forbidden, "403 ForbiddenException" },
        { 500, "InternalServerErrorException", ManagementCallStatus.TransientFailure, "500 InternalServerErrorException" },
        { 503, null, ManagementCallStatus.TransientFailure, "503" },
        { 400, "BadRequestException", ManagementCallStatus.Failed, "400 BadRequestException" },
        { 404, null, ManagementCallStatus.Failed, "404" },
        { 302, null, ManagementCallStatus.Failed, "302" },
        { 410, "GoneException:http://internal.amazon.com/coral/com.amazonaws.gatewayservice/", ManagementCallStatus.Gone, "410 GoneException" },
        { 410, "<script>alert(1)</script>", ManagementCallStatus.Gone, "410" },
    };

    public async Task InitializeAsync()
    {
        _endpoint = await FakeManagementEndpoint.StartAsync();
        _client = Signed();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task PostToConnectionAsync_Answer_MapsToStatus(int status, string? errorType, ManagementCallStatus expected, string? detail)
    {
        _endpoint.Answer(status, errorType);

        var result = await _client.PostToConnectionAsync(_endpoint.Endpoint, "abc=", "{\"secret\":1}"u8.ToArray()).WaitAsync(Wait);

        Assert.Equal(new PostResult(expected, detail), result);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task DeleteConnectionAsync_Answer_MapsToStatus(int status, string? errorType, ManagementCallStatus expected, string? detail)
    {
        _endpoint.Answer(status, errorType);

        var result = await _client.DeleteConnectionAsync(_endpoint.Endpoint, "abc=").WaitAsync(Wait);

        Assert.Equal(new PostResult(expected, detail), result);
    }

    [Theory]
    [InlineData(410, "GoneException", ManagementCallStatus.Gone, "410 GoneException")]
    [InlineData(429, "LimitExceededException", ManagementCallStatus.Throttled, "429 LimitExceededException")]
    [InlineData(403, "ForbiddenException", ManagementCallStatus.Forbidden, "403 ForbiddenException")]
    [InlineData(503, null, ManagementCallStatus.TransientFailure, "503")]
    public async Task GetConnectionAsync_ErrorAnswer_MapsToStatusWithoutConnection(int status, string? errorType, ManagementCallStatus expected, string detail)
    {
        _endpoint.Answer(status, errorType);

        var result = await _client.GetConnectionAsync(_endpoint.Endpoint, "abc=").WaitAsync(Wait);

        Assert.Equal(new ConnectionInfoResult(expected, null, detail), result);
        Assert.False(result.Found);
    }

    [Fact]
    public async Task PostToConnectionAsync_ErrorAnswer_DetailNeverHoldsTheMessage()
    {
        _endpoint.Answer(413, "PayloadTooLargeException");

        var result = await _client.PostToConnectionAsync(_endpoint.Endpoint, "abc=", "{\"secret\":1}"u8.ToArray()).WaitAsync(Wait);

        Assert.DoesNotContain("secret", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("from the fake", result.Detail, StringComparison.Ordinal);
    }
}
