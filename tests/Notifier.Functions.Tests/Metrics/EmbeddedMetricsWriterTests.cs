using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Configuration;
using Notifier.Core.Delivery;
using Notifier.Functions.Hosting;
using Notifier.Functions.Metrics;
using Notifier.Testing;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Metrics;

public sealed class EmbeddedMetricsWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    [Fact]
    public void Record_OneSend_IsOneEmfLineWithEveryField()
    {
        using var output = new MemoryStream();
        var writer = new EmbeddedMetricsWriter(new JsonLinesLoggerProvider(output), "notifier-prod-publish", new FakeTimeProvider(Now));

        writer.Record(new DeliveryMetrics(Recipients: 10, Delivered: 6, Gone: 2, Throttled: 3, Failed: 2, TimeSpan.FromTicks(12_345_678), ShardsQueued: 4));

        var line = JsonDocument.Parse(Assert.Single(Lines(output))).RootElement;
        var aws = line.GetProperty("_aws");
        Assert.Equal(["CloudWatchMetrics", "Timestamp"], aws.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Now.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal(["Dimensions", "Metrics", "Namespace"], directive.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Notifier", directive.GetProperty("Namespace").GetString());
        var dimensionSet = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray());
        Assert.Equal(["Service"], dimensionSet.EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(
            [
                ("Recipients", "Count"), ("Delivered", "Count"), ("Gone", "Count"), ("Throttled", "Count"), ("Failed", "Count"),
                ("Duration", "Milliseconds"), ("ShardsQueued", "Count"),
            ],
            directive.GetProperty("Metrics").EnumerateArray().Select(m => (m.GetProperty("Name").GetString(), m.GetProperty("Unit").GetString())));
        Assert.Equal("notifier-prod-publish", line.GetProperty("Service").GetString());
        Assert.Equal(10, line.GetProperty("Recipients").GetInt32());
        Assert.Equal(6, line.GetProperty("Delivered").GetInt32());
        Assert.Equal(2, line.GetProperty("Gone").GetInt32());
        Assert.Equal(3, line.GetProperty("Throttled").GetInt32());
        Assert.Equal(2, line.GetProperty("Failed").GetInt32());
        Assert.Equal(1234.568, line.GetProperty("Duration").GetDouble());
        Assert.Equal(4, line.GetProperty("ShardsQueued").GetInt32());
        Assert.Equal(
            ["Delivered", "Duration", "Failed", "Gone", "Recipients", "Service", "ShardsQueued", "Throttled", "_aws"],
            line.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Record_ThreeTimes_WritesThreeLines_EachWithItsOwnValues()
    {
        using var output = new MemoryStream();
        var time = new FakeTimeProvider(Now);
        var writer = new EmbeddedMetricsWriter(new JsonLinesLoggerProvider(output), "svc", time);

        for (var i = 1; i <= 3; i++)
        {
            writer.Record(new DeliveryMetrics(i, i, 0, 0, 0, TimeSpan.FromMilliseconds(i), 0));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var lines = Lines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1, 2, 3], lines.Select(l => l.GetProperty("Recipients").GetInt32()));
        Assert.Equal(
            [Now.ToUnixTimeMilliseconds(), Now.ToUnixTimeMilliseconds() + 1000, Now.ToUnixTimeMilliseconds() + 2000],
            lines.Select(l => l.GetProperty("_aws").GetProperty("Timestamp").GetInt64()));
    }

    [Fact]
    public void Record_ZeroWork_StillWritesEveryMetric()
    {
        using var output = new MemoryStream();
        var writer = new EmbeddedMetricsWriter(new JsonLinesLoggerProvider(output), "svc", new FakeTimeProvider(Now));

        writer.Record(new DeliveryMetrics(0, 0, 0, 0, 0, TimeSpan.Zero, 0));

        var line = JsonDocument.Parse(Assert.Single(Lines(output))).RootElement;
        Assert.All(EmbeddedMetricsWriter.Definitions, metric => Assert.Equal(0, line.GetProperty(metric.Name).GetDouble()));
    }

    [Fact]
    public async Task Record_AlongsideLogLinesFromManyThreads_EveryLineIsWhole()
    {
        using var output = new MemoryStream();
        var lines = new JsonLinesLoggerProvider(output);
        using var factory = new LoggerFactory([lines]);
        var logger = factory.CreateLogger("Notifier.Test");
        var writer = new EmbeddedMetricsWriter(lines, "svc", new FakeTimeProvider(Now));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                logger.LogInformation("Thread {Thread} line {Line} {Padding}", thread, i, new string('x', 300));
                writer.Record(new DeliveryMetrics(thread, i, 0, 0, 0, TimeSpan.FromMilliseconds(i), 0));
            }
        })));

        var written = Lines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(1600, written.Count);
        Assert.Equal(800, written.Count(l => l.TryGetProperty("_aws", out _)));
    }

    [Theory]
    [InlineData("notifier-prod-publish", "notifier-prod-publish")]
    [InlineData(null, "notifier")]
    public void ServiceFrom_FunctionName_IsTheService(string? functionName, string service)
    {
        var settings = new SettingsReader(name => name == "AWS_LAMBDA_FUNCTION_NAME" ? functionName : null);

        Assert.Equal(service, EmbeddedMetricsWriter.ServiceFrom(settings));
    }

    [Fact]
    public void CatalogCreateDeliveryMetrics_WithTheLogLinesWriter_WritesEmfNamedByTheFunction()
    {
        using var output = new MemoryStream();
        var settings = new SettingsReader(name => name == "AWS_LAMBDA_FUNCTION_NAME" ? "notifier-dev-publish" : null);
        var catalog = new FunctionCatalog(settings, new CapturingLoggerProvider().CreateFactory(), new FakeTimeProvider(Now), metricsOutput: new JsonLinesLoggerProvider(output));

        catalog.CreateDeliveryMetrics().Record(new DeliveryMetrics(1, 1, 0, 0, 0, TimeSpan.FromMilliseconds(5), 0));

        var line = JsonDocument.Parse(Assert.Single(Lines(output))).RootElement;
        Assert.Equal("notifier-dev-publish", line.GetProperty("Service").GetString());
        Assert.Equal(Now.ToUnixTimeMilliseconds(), line.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
    }

    [Fact]
    public void CatalogCreateDeliveryMetrics_WithoutAnOutput_RecordsNothing()
    {
        var catalog = new FunctionCatalog(new SettingsReader(_ => null), new CapturingLoggerProvider().CreateFactory());

        Assert.Same(NoDeliveryMetrics.Instance, catalog.CreateDeliveryMetrics());
    }

    [Fact]
    public void Record_TheDeployDocsExample_WritesExactlyTheLineTheDocsShow()
    {
        var documented = File.ReadLines(RepositoryPaths.Combine("docs", "deploy.md")).Single(l => l.StartsWith("{\"_aws\"", StringComparison.Ordinal));
        using var output = new MemoryStream();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var writer = new EmbeddedMetricsWriter(new JsonLinesLoggerProvider(output), "notifier-prod-publish", time);

        writer.Record(new DeliveryMetrics(120, 117, 2, 5, 1, TimeSpan.FromMilliseconds(84.512), 0));

        Assert.Equal(documented, Assert.Single(Lines(output)));
    }

    private static string[] Lines(MemoryStream output) =>
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
