namespace Notifier.History;

/// <summary>Writes the suites' results as Markdown tables, with the issue's targets beside the figures.</summary>
internal static class ResultTables
{
    /// <summary>The most extra DynamoDB writes a send may make per message per stream.</summary>
    private const double WriteTarget = 2;

    /// <summary>The most a send to 1,000 connections may slow down with the history.</summary>
    private const double TimeTarget = 1.2;

    public static void Write(TextWriter output, IReadOnlyList<PublishCase> sends, IReadOnlyList<double> appendTimes, IReadOnlyList<ResumeCase> resumes, int messages)
    {
        output.WriteLine("| target | case | sends | median per send | round medians | DynamoDB writes per send | DynamoDB calls per send, by operation |");
        output.WriteLine("| --- | --- | ---: | ---: | --- | ---: | --- |");
        foreach (var @case in sends)
        {
            var operations = string.Join(", ", @case.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {(double)o.Value / @case.Sends:0.##}"));
            output.WriteLine(
                $"| {@case.Target} | {@case.Name} | {@case.Sends} | {Samples.Median(@case.Times):F1} ms | {string.Join(", ", @case.RoundMedians.Select(m => m.ToString("F1")))} ms "
                + $"| {(double)@case.Writes / @case.Sends:0.##} | {operations} |");
        }

        output.WriteLine();
        output.WriteLine("| target | extra writes per message per stream | at most 2 | time with / without (medians) | round by round | at most 1.2x |");
        output.WriteLine("| --- | ---: | --- | ---: | --- | --- |");
        foreach (var pair in sends.GroupBy(c => c.Target))
        {
            var without = pair.Single(c => !c.WithHistory);
            var with = pair.Single(c => c.WithHistory);

            // Each of these sends goes to one stream: the user's, or the topic's.
            var extraWrites = (double)with.Writes / with.Sends - (double)without.Writes / without.Sends;
            var ratio = Samples.Median(with.Times) / Samples.Median(without.Times);
            var rounds = with.RoundMedians.Zip(without.RoundMedians, (w, o) => (w / o).ToString("F2") + "x");
            output.WriteLine(
                $"| {pair.Key} | {extraWrites:0.##} | {(extraWrites <= WriteTarget ? "met" : "missed")} | {ratio:F2}x | {string.Join(", ", rounds)} "
                + $"| {(ratio <= TimeTarget ? "met" : "missed")} |");
        }

        output.WriteLine();
        var append = Samples.Median(appendTimes);
        output.WriteLine($"The append alone (UpdateItem, then PutItem): median {append:F1} ms over {appendTimes.Count}; against the peers' medians: "
            + string.Join(", ", sends.Where(c => !c.WithHistory).Select(c => $"{c.Target} {100 * append / Samples.Median(c.Times):F0} %")) + ".");

        output.WriteLine();
        output.WriteLine($"| resume of {messages:N0} missed messages from seq 0 | rounds | median | min | max | per message | DynamoDB calls per resume |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var @case in resumes)
        {
            var median = Samples.Median(@case.Times);
            output.WriteLine(
                $"| {@case.Name} | {@case.Times.Count} | {median:F1} ms | {@case.Times.Min():F1} ms | {@case.Times.Max():F1} ms | {median * 1000 / messages:F0} µs "
                + $"| {(@case.DynamoDbCalls is { } calls ? calls.ToString("0.#") : "")} |");
        }
    }
}
