using System.Net;
using System.Text.RegularExpressions;

namespace Notifier.Local.Tests.Gateway;

/// <summary>The dashboard's own files: the page, its stylesheet and its modules, each served by the gateway with its type.</summary>
public sealed partial class DashboardPageTests
{
    [Theory]
    [InlineData("dashboard.css", "text/css")]
    [InlineData("dashboard.js", "text/javascript")]
    [InlineData("feed.js", "text/javascript")]
    [InlineData("charts.js", "text/javascript")]
    public async Task PageAsset_Known_IsServedWithItsContentType(string name, string mediaType)
    {
        await using var harness = await GatewayHarness.StartAsync();

        using var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "_local/page/" + name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("nothing.js")]
    [InlineData("dashboard.html")]
    [InlineData("..%2FNotifier.Local.dll")]
    public async Task PageAsset_Unknown_IsNotFound(string name)
    {
        await using var harness = await GatewayHarness.StartAsync();

        using var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, "_local/page/" + name));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Page_EveryFileItLoads_IsServedFromTheGateway()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var page = await harness.Http.GetStringAsync(harness.Gateway.BaseAddress);
        var entry = await harness.Http.GetStringAsync(new Uri(harness.Gateway.BaseAddress, "_local/page/dashboard.js"));

        var paths = PageReference().Matches(page).Select(m => m.Groups["path"].Value)
            .Concat(ModuleImport().Matches(entry).Select(m => "/_local/page/" + m.Groups["name"].Value))
            .ToList();

        Assert.Contains("/_local/page/dashboard.css", paths);
        Assert.Contains("/_local/page/feed.js", paths);
        Assert.DoesNotMatch("(?:href|src)=\"(?:https?:)?//", page);
        foreach (var path in paths)
        {
            using var response = await harness.Http.GetAsync(new Uri(harness.Gateway.BaseAddress, path));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [GeneratedRegex("(?:href|src)=\"(?<path>/_local/[^\"]+)\"")]
    private static partial Regex PageReference();

    [GeneratedRegex("""from "\./(?<name>[a-z-]+\.js)";""")]
    private static partial Regex ModuleImport();
}
