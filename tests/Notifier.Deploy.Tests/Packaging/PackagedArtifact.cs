namespace Notifier.Deploy.Tests.Packaging;

/// <summary>The Lambda zip and how long <c>scripts/package.sh</c> took to build it.</summary>
public sealed record PackagedArtifact(string Path, TimeSpan Elapsed);
