using Notifier.Testing.Dynalite;

namespace Notifier.Publisher.Tests;

/// <summary>One dynalite server shared by every test class that names this collection; each test makes its own table.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteServer>
{
    public const string Name = "dynalite";
}
