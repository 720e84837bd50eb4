using Notifier.Core.History;
using Notifier.Testing.History;

namespace Notifier.Core.Tests.History;

/// <summary>The message history contract against the in-memory history.</summary>
public sealed class InMemoryMessageHistoryTests : MessageHistoryContract
{
    protected override Task<IMessageHistory> CreateHistoryAsync(HistoryOptions options, TimeProvider time) =>
        Task.FromResult<IMessageHistory>(new InMemoryMessageHistory(options, time));
}
