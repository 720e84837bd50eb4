using System.Globalization;

namespace Notifier.FanOut;

/// <summary>Prints the results as a Markdown table: median time, connections per second and speed-up over the loops.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<CaseResult> results, TextWriter output)
    {
        output.WriteLine("| suite | connections | case | median | min | max | connections/s (median) | vs sequential loop | vs boto3 loop | rounds (ms) |");
        output.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var result in results)
        {
            var median = result.MedianMs;
            var rounds = string.Join(" ", result.RoundsMs.Select(ms => Format($"{ms:0}")));
            output.WriteLine(Format(
                $"| {result.Suite} | {result.Connections:N0} | {result.Name} | {Time(median)} | {Time(result.RoundsMs.Min())} | {Time(result.RoundsMs.Max())} | {result.Connections / (median / 1000):N0} | {Ratio(results, result, CaseRole.SequentialLoop)} | {Ratio(results, result, CaseRole.Boto3Loop)} | {rounds} |"));
        }

        foreach (var result in results.Where(r => r.Note.Length > 0))
        {
            output.WriteLine(Format($"- {result.Suite}, {result.Connections:N0}, {result.Name}: {result.Note}"));
        }
    }

    /// <summary>How many times faster <paramref name="result"/> is than the suite's loop of <paramref name="loop"/>; empty when the suite has none.</summary>
    private static string Ratio(IReadOnlyList<CaseResult> results, CaseResult result, CaseRole loop)
    {
        var baseline = results.FirstOrDefault(r => r.Role == loop && r.Suite == result.Suite && r.Connections == result.Connections);
        return baseline is null ? "" : result == baseline ? "1.0x (baseline)" : Format($"{baseline.MedianMs / result.MedianMs:0.0}x");
    }

    private static string Time(double ms) => ms >= 1000 ? Format($"{ms / 1000:0.00} s") : Format($"{ms:0} ms");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
