using Notifier.Deploy.Tests.Packaging;

namespace Notifier.Deploy.Tests;

/// <summary>Every test here shares one <see cref="DeploymentBuild"/>: the package script and osls run once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<DeploymentBuild>
{
    public const string Name = "Deployment";
}
