using System.Globalization;

namespace Notifier.FanOut;

/// <summary>Prints the results as a Markdown table: median time, connections per second and speed-up over the sequential loop.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<CaseResult> results, TextWriter output)
    {
        output.WriteLine("| suite | connections | case | median | min | max | connections/s (median) | vs sequential loop | rounds (ms) |");
        output.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var result in results)
        {
            var baseline = results.FirstOrDefault(r => r.IsBaseline && r.Suite == result.Suite && r.Connections == result.Connections);
            var median = result.MedianMs;
            var ratio = baseline is null ? "" : result.IsBaseline ? "1.0x (baseline)" : Format($"{baseline.MedianMs / median:0.0}x");
            var rounds = string.Join(" ", result.RoundsMs.Select(ms => Format($"{ms:0}")));
            output.WriteLine(Format(
                $"| {result.Suite} | {result.Connections:N0} | {result.Name} | {Time(median)} | {Time(result.RoundsMs.Min())} | {Time(result.RoundsMs.Max())} | {result.Connections / (median / 1000):N0} | {ratio} | {rounds} |"));
        }

        foreach (var result in results.Where(r => r.Note.Length > 0))
        {
            output.WriteLine(Format($"- {result.Suite}, {result.Connections:N0}, {result.Name}: {result.Note}"));
        }
    }

    private static string Time(double ms) => ms >= 1000 ? Format($"{ms / 1000:0.00} s") : Format($"{ms:0} ms");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
