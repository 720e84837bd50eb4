namespace Notifier.Functions.Tests.Runtime;

/// <summary>Runs the runtime loop tests one at a time: the loop sets the process-wide <c>_X_AMZN_TRACE_ID</c>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RuntimeCollection
{
    public const string Name = "Lambda runtime loop";
}
