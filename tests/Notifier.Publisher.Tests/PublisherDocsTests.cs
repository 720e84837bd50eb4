using Notifier.Testing;

namespace Notifier.Publisher.Tests;

/// <summary>The example in <c>docs/publisher.md</c> and the README is the code a test runs, line for line.</summary>
public sealed class PublisherDocsTests
{
    [Theory]
    [InlineData("docs/publisher.md")]
    [InlineData("README.md")]
    public void PublisherDoc_Example_IsTheTestedSnippet(string document)
    {
        var source = File.ReadAllLines(RepositoryPaths.Combine("tests", "Notifier.Publisher.Tests", "Gateway", "NotifierPublisherDynaliteTests.cs"));
        var start = Array.FindIndex(source, line => line.Trim() == "#region publisher-example");
        var end = Array.FindIndex(source, line => line.Trim() == "#endregion");
        Assert.True(start >= 0 && end > start, "the test file has lost its publisher-example region");
        var snippet = source[(start + 1)..end];
        var indent = snippet.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
        var expected = string.Join('\n', snippet.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));

        var doc = File.ReadAllText(RepositoryPaths.Combine(document.Split('/'))).ReplaceLineEndings("\n");

        Assert.Contains(expected, doc, StringComparison.Ordinal);
    }
}
