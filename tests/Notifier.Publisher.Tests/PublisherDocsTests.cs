using Notifier.Testing;

namespace Notifier.Publisher.Tests;

/// <summary>The example in <c>docs/publisher.md</c> and the README is the code a test runs, line for line.</summary>
public sealed class PublisherDocsTests
{
    [Theory]
    [InlineData("docs/publisher.md", "Gateway/NotifierPublisherDynaliteTests.cs", "publisher-example")]
    [InlineData("README.md", "Gateway/NotifierPublisherDynaliteTests.cs", "publisher-example")]
    [InlineData("docs/publisher.md", "Gateway/NotifierPublisherTopicTests.cs", "publisher-topic-example")]
    [InlineData("docs/publisher.md", "NotifierPublisherHistoryTests.cs", "publisher-history-example")]
    public void PublisherDoc_Example_IsTheTestedSnippet(string document, string testFile, string region)
    {
        var source = File.ReadAllLines(RepositoryPaths.Combine(["tests", "Notifier.Publisher.Tests", .. testFile.Split('/')]));
        var start = Array.FindIndex(source, line => line.Trim() == "#region " + region);
        var end = Array.FindIndex(source, start + 1, line => line.Trim() == "#endregion");
        Assert.True(start >= 0 && end > start, $"the test file has lost its {region} region");
        var snippet = source[(start + 1)..end];
        var indent = snippet.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
        var expected = string.Join('\n', snippet.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));

        var doc = File.ReadAllText(RepositoryPaths.Combine(document.Split('/'))).ReplaceLineEndings("\n");

        Assert.Contains(expected, doc, StringComparison.Ordinal);
    }
}
