using Notifier.Core.Connections;

namespace Notifier.Aws.Tests.Delivery;

/// <summary>The sender and management client contract with the in-memory store.</summary>
public sealed class SenderOverManagementApiInMemoryTests : SenderOverManagementApiContract
{
    protected override Task<IConnectionStore> CreateStoreAsync() => Task.FromResult<IConnectionStore>(new InMemoryConnectionStore());
}
