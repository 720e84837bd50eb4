using Notifier.Core.Connections;
using Notifier.Testing.Connections;

namespace Notifier.Core.Tests.Connections;

public sealed class InMemoryConnectionStoreTests : ConnectionStoreContract
{
    protected override Task<IConnectionStore> CreateStoreAsync(TimeProvider time) =>
        Task.FromResult<IConnectionStore>(new InMemoryConnectionStore(time));
}
