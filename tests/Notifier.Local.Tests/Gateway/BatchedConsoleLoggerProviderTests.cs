using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

public sealed class BatchedConsoleLoggerProviderTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly StringWriter _output = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Lines_WaitForTheInterval_InTheSimpleConsoleForm()
    {
        using var provider = new BatchedConsoleLoggerProvider(_output, Interval, _time);
        provider.CreateLogger("Notifier.Test").Log(LogLevel.Information, new EventId(7), "Connected abc", null, (state, _) => state);

        var before = _output.ToString();
        _time.Advance(Interval);

        Assert.Equal(string.Empty, before);
        Assert.Equal("info: Notifier.Test[7] Connected abc\n", _output.ToString());
    }

    [Fact]
    public void Error_IsWrittenAtOnce_AfterTheLinesBeforeIt()
    {
        using var provider = new BatchedConsoleLoggerProvider(_output, Interval, _time);
        var logger = provider.CreateLogger("Cat");
        logger.Log(LogLevel.Warning, new EventId(1), "first", null, (state, _) => state);
        logger.Log(LogLevel.Error, new EventId(2), "second", new InvalidOperationException("broken"), (state, _) => state);

        var lines = _output.ToString().Split('\n');

        Assert.Equal("warn: Cat[1] first", lines[0]);
        Assert.Equal("fail: Cat[2] second", lines[1]);
        Assert.StartsWith("System.InvalidOperationException: broken", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_WritesWhatIsPending_AndLaterLinesAtOnce()
    {
        var provider = new BatchedConsoleLoggerProvider(_output, Interval, _time);
        var logger = provider.CreateLogger("Cat");
        logger.Log(LogLevel.Information, new EventId(1), "pending", null, (state, _) => state);

        provider.Dispose();
        var atDispose = _output.ToString();
        logger.Log(LogLevel.Information, new EventId(2), "late", null, (state, _) => state);

        Assert.Equal("info: Cat[1] pending\n", atDispose);
        Assert.Equal("info: Cat[1] pending\ninfo: Cat[2] late\n", _output.ToString());
    }

    [Fact]
    public void FailingOutput_DropsLines_WithoutThrowing()
    {
        var output = new ClosedPipeWriter();
        using var provider = new BatchedConsoleLoggerProvider(output, Interval, _time);
        var logger = provider.CreateLogger("Cat");

        logger.Log(LogLevel.Information, new EventId(1), "pending", null, (state, _) => state);
        _time.Advance(Interval);
        logger.Log(LogLevel.Error, new EventId(2), "after the failure", null, (state, _) => state);
        _time.Advance(Interval);

        Assert.Equal(1, output.Writes);
    }

    [Fact]
    public async Task ConcurrentLines_AreEachWrittenOnceAndWhole()
    {
        var provider = new BatchedConsoleLoggerProvider(_output, TimeSpan.FromMilliseconds(1), TimeProvider.System);
        var logger = provider.CreateLogger("Cat");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                logger.Log(LogLevel.Information, new EventId(thread), $"line {thread}-{i}", null, (state, _) => state);
            }
        })));
        provider.Dispose();

        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8000, lines.Length);
        Assert.Equal(8000, lines.Distinct(StringComparer.Ordinal).Count());
        Assert.All(lines, line => Assert.Matches(@"^info: Cat\[(\d)\] line \1-\d+$", line));
        foreach (var thread in lines.GroupBy(line => line[10]))
        {
            var numbers = thread.Select(line => int.Parse(line[(line.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, 2000), numbers);
        }
    }

    /// <summary>Fails every write, as standard output does once the reading end of its pipe has gone.</summary>
    private sealed class ClosedPipeWriter : StringWriter
    {
        public int Writes { get; private set; }

        public override void Write(System.Text.StringBuilder? value)
        {
            Writes++;
            throw new IOException("Broken pipe");
        }
    }
}
