using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifier.Functions.Hosting;

namespace Notifier.Functions.Tests.Hosting;

public sealed class JsonLinesLoggerProviderTests
{
    [Fact]
    public void Log_StructuredEntry_IsOneJsonLineWithStateAndException()
    {
        using var output = new MemoryStream();
        using var factory = new LoggerFactory([new JsonLinesLoggerProvider(output)]);
        var logger = factory.CreateLogger("Notifier.Test");

        logger.LogError(new EventId(42), new InvalidOperationException("boom"), "Connection {ConnectionId} said \"{Text}\"", "L0SM9cOFvHcCIhw=", "a\nb");

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entry = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal(42, entry.GetProperty("EventId").GetInt32());
        Assert.Equal("Error", entry.GetProperty("LogLevel").GetString());
        Assert.Equal("Notifier.Test", entry.GetProperty("Category").GetString());
        Assert.Equal("Connection L0SM9cOFvHcCIhw= said \"a\nb\"", entry.GetProperty("Message").GetString());
        Assert.Equal("L0SM9cOFvHcCIhw=", entry.GetProperty("State").GetProperty("ConnectionId").GetString());
        Assert.Contains("boom", entry.GetProperty("Exception").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", entry.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_FromManyThreads_LinesNeverInterleave()
    {
        using var output = new MemoryStream();
        using var factory = new LoggerFactory([new JsonLinesLoggerProvider(output)]);
        var logger = factory.CreateLogger("Notifier.Test");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                logger.LogInformation("Thread {Thread} line {Line} {Padding}", thread, i, new string('x', 300));
            }
        })));

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1600, lines.Length);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public void CreateFactory_LevelSetting_FiltersBelowIt()
    {
        var settings = new Notifier.Core.Configuration.SettingsReader(name => name == FunctionLogging.LevelVariable ? "Warning" : null);
        using var factory = FunctionLogging.CreateFactory(settings);
        var logger = factory.CreateLogger("Notifier.Test");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }
}
