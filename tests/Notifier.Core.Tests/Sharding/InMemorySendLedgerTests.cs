using Notifier.Core.Sharding;
using Notifier.Testing.Sharding;

namespace Notifier.Core.Tests.Sharding;

/// <summary>The send ledger contract against the in-memory ledger.</summary>
public sealed class InMemorySendLedgerTests : SendLedgerContract
{
    protected override Task<ISendLedger> CreateLedgerAsync(TimeProvider time) => Task.FromResult<ISendLedger>(new InMemorySendLedger(time));
}
